package org.songprint.ingest.backlog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.songprint.ingest.housekeeping.SubmissionCleanup;
import org.songprint.testsupport.AudioFixtures;

/** The operator's view of the backlog, its metrics, and the cleanup of old handled submissions. */
@QuarkusTest
class BacklogTest {

    static final AudioFixtures.Fpcalc FP = AudioFixtures.fpcalc(AudioFixtures.melody(621, 30));

    @Inject
    DataSource dataSource;
    @Inject
    SubmissionCleanup cleanup;
    @Inject
    BacklogMetrics metrics;

    @Test
    void backlogCountsSubmissionsWithoutOutcomeAndKafkaLag() throws Exception {
        long before = backlog().getLong("pending");
        int id = submit();
        execute("UPDATE submission SET created = now() - interval '90 seconds' WHERE id = " + id);
        JsonPath backlog = backlog();
        assertThat(backlog.getLong("pending")).isEqualTo(before + 1);
        assertThat(backlog.getDouble("oldestPendingSeconds")).isGreaterThanOrEqualTo(90.0);
        assertThat(backlog.getLong("outboxUnsent")).isGreaterThanOrEqualTo(0);
        // nothing imports in this test: the importer group's lag covers at least this submission
        assertThat(backlog.getLong("importerLag")).isGreaterThanOrEqualTo(1);

        metrics.measure();
        String exposition = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(exposition).contains("songprint_backlog_pending ").contains("songprint_backlog_importer_lag ");
    }

    @Test
    void cleanupDeletesOnlyHandledSubmissionsPastTheRetention() throws Exception {
        int oldHandled = submit();
        int recentHandled = submit();
        int oldPending = submit();
        execute("UPDATE submission SET handled = true, handled_at = now() - interval '31 days' WHERE id = " + oldHandled);
        execute("INSERT INTO submission_result (submission_id, status) VALUES (" + oldHandled + ", 'rejected')");
        execute("UPDATE submission SET handled = true, handled_at = now() - interval '29 days' WHERE id = " + recentHandled);
        execute("UPDATE submission SET created = now() - interval '60 days' WHERE id = " + oldPending);

        assertThat(cleanup.deleteOldHandled()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM submission WHERE id = " + oldHandled)).isZero();
        assertThat(count("SELECT count(*) FROM submission_result WHERE submission_id = " + oldHandled)).isZero();
        assertThat(count("SELECT count(*) FROM submission WHERE id IN (" + recentHandled + ", " + oldPending + ")"))
                .isEqualTo(2);
    }

    private static JsonPath backlog() {
        return given().get("/internal/backlog").then().statusCode(200).extract().jsonPath();
    }

    private static int submit() {
        return given().formParam("client", "test-client-key").formParam("user", "test-user-key")
                .formParam("fingerprint", FP.fingerprint()).formParam("duration", FP.duration())
                .formParam("mbid", UUID.randomUUID().toString())
                .post("/v2/submit").then().statusCode(200).extract().path("submissions[0].id");
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute(sql);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); var rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
