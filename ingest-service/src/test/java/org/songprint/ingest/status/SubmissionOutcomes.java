package org.songprint.ingest.status;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;

/** What the outcome consumer's tests read back: a submission's status over the API, and row counts. */
final class SubmissionOutcomes {

    /** Sends an outcome to Kafka. */
    @FunctionalInterface
    interface Publish {
        void send() throws Exception;
    }

    private SubmissionOutcomes() {
    }

    static JsonPath status(int id) {
        return given().queryParam("client", "test-client-key").queryParam("id", id).get("/v2/submission_status")
                .then().statusCode(200).extract().jsonPath();
    }

    /**
     * Publishes the outcome, again every second until the status of {@code id} is {@code expected}: the
     * consumer may still be joining its group when the first copy goes out, and repeats are harmless to
     * an idempotent consumer. Returns that status.
     */
    static JsonPath publishUntil(Publish publish, int id, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            publish.send();
            for (int i = 0; i < 10; i++) {
                JsonPath status = status(id);
                if (expected.equals(status.getString("submissions[0].status"))) {
                    return status;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("submission " + id + " never became " + expected);
    }

    /** The single number a {@code SELECT count(*)} answers. */
    static long count(DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
