package org.songprint.ingest.submit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A submission whose event the broker refuses (here a legacy row of 300,000 noise items, 1.6 MB as an
 * event, over Kafka's 1 MiB record limit) is tried a bounded number of times and parked with the
 * reason, while the submissions behind it are published at once; an operator sees it and replays it.
 */
@QuarkusTest
class OutboxParkingTest {

    @Inject
    DataSource dataSource;

    @Test
    void aRecordTheBrokerRefusesIsParkedAndTheRestFlowOn() throws Exception {
        int poison = insertLegacySubmission(300_000);
        UUID mbid = UUID.randomUUID();
        int good = SubmitResourceTest.submit().formParam("fingerprint", SubmitResourceTest.FP.fingerprint())
                .formParam("duration", SubmitResourceTest.FP.duration()).formParam("mbid", mbid.toString())
                .post("/v2/submit").then().statusCode(200).extract().path("submissions[0].id");
        long started = System.nanoTime();
        SubmitResourceTest.awaitPublished(good, mbid);
        // no back-off throttled it: published within the relay's own rhythm, not after 10 s retries
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);

        awaitParked(poison);
        try (Connection connection = dataSource.getConnection(); ResultSet rs = connection.createStatement().executeQuery(
                "SELECT attempts, last_error, sent FROM pending_submission WHERE submission_id = " + poison)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("attempts")).isEqualTo(3);
            assertThat(rs.getString("last_error")).contains("RecordTooLargeException");
            assertThat(rs.getObject("sent")).isNull();
        }
        JsonPath backlog = given().get("/internal/backlog").then().statusCode(200).extract().jsonPath();
        assertThat(backlog.getLong("outboxParked")).isGreaterThanOrEqualTo(1);
        JsonPath parked = given().get("/internal/backlog/parked").then().statusCode(200).extract().jsonPath();
        assertThat(parked.getList("submissionId", Integer.class)).contains(poison);

        // replaying needs the cluster secret; then the row is in line again and, still too large, parked again
        given().formParam("secret", "wrong").formParam("id", poison).post("/internal/backlog/replay").then()
                .statusCode(400).body("error.code", equalTo(12));
        given().formParam("secret", "test-admin-secret").formParam("id", poison).post("/internal/backlog/replay").then()
                .statusCode(200).body("replayed", equalTo(1));
        try (Connection connection = dataSource.getConnection(); ResultSet rs = connection.createStatement().executeQuery(
                "SELECT attempts FROM pending_submission WHERE submission_id = " + poison)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("attempts")).isLessThan(3);
        }
        awaitParked(poison);
    }

    private int insertLegacySubmission(int items) throws Exception {
        SplittableRandom random = new SplittableRandom(19);
        Integer[] fingerprint = new Integer[items];
        for (int i = 0; i < items; i++) {
            fingerprint[i] = random.nextInt();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        WITH s AS (INSERT INTO submission (fingerprint, length, mbid, application_id, account_id)
                                   VALUES (?, 9000, ?, 1, 1) RETURNING id)
                        INSERT INTO pending_submission (submission_id) SELECT id FROM s RETURNING submission_id""")) {
            insert.setArray(1, connection.createArrayOf("integer", fingerprint));
            insert.setObject(2, UUID.randomUUID());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void awaitParked(int submissionId) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection connection = dataSource.getConnection(); ResultSet rs = connection.createStatement().executeQuery(
                    "SELECT parked IS NOT NULL FROM pending_submission WHERE submission_id = " + submissionId)) {
                if (rs.next() && rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("submission " + submissionId + " was not parked within 30 s");
    }
}
