package org.songprint.ingest.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.songprint.ingest.status.SubmissionOutcomes.status;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.songprint.common.event.Event;
import org.songprint.common.event.EventProducers;
import org.songprint.common.event.SubmissionResultEvent;
import org.songprint.common.event.SubmissionResultEvent.Status;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.LocalInfra;

/** Import outcomes from the real topic into submission_result, and /v2/submission_status reporting them. */
@QuarkusTest
class SubmissionResultsTest {

    static final AudioFixtures.Fpcalc FP = AudioFixtures.fpcalc(AudioFixtures.melody(611, 30));
    static final KafkaProducer<String, Event> PRODUCER = EventProducers.reliable(LocalInfra.kafkaBootstrap(), "results-test");

    @Inject
    DataSource dataSource;

    @AfterAll
    static void close() {
        PRODUCER.close(Duration.ofSeconds(5));
    }

    @Test
    void anImportedSubmissionIsReportedWithItsTrackAndLeavesThePendingQueue() throws Exception {
        int id = submit();
        UUID track = UUID.randomUUID();
        JsonPath status = publishUntil(result(id, Status.IMPORTED, track), id, "imported");
        assertThat(status.getString("submissions[0].result.id")).isEqualTo(track.toString());
        assertThat(count("SELECT count(*) FROM submission WHERE handled AND handled_at IS NOT NULL AND id = " + id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pending_submission WHERE submission_id = " + id)).isZero();
        assertThat(count("SELECT count(*) FROM submission_result WHERE track_id = 77 AND submission_id = " + id)).isEqualTo(1);

        // A redelivery, even one claiming another track, changes nothing.
        publish(result(id, Status.IMPORTED, UUID.randomUUID()));
        int marker = submit();
        publishUntil(result(marker, Status.IMPORTED, UUID.randomUUID()), marker, "imported");
        assertThat(status(id).getString("submissions[0].result.id")).isEqualTo(track.toString());
        assertThat(count("SELECT count(*) FROM submission_result WHERE submission_id = " + id)).isEqualTo(1);
    }

    @Test
    void aRejectedSubmissionSaysSoInsteadOfStayingPending() throws Exception {
        int id = submit();
        JsonPath status = publishUntil(new SubmissionResultEvent(SubmissionResultEvent.SCHEMA_VERSION, id, Status.REJECTED,
                null, null, null, "fingerprint has fewer than 80 distinct items", Instant.now()), id, "rejected");
        assertThat(status.getString("submissions[0].result")).isNull();
        assertThat(count("SELECT count(*) FROM submission_result WHERE status = 'rejected' AND reason LIKE '%80 distinct%' "
                + "AND submission_id = " + id)).isEqualTo(1);
    }

    @Test
    void aResultForAnUnknownSubmissionIsSkippedAndTheNextOneStillRecorded() throws Exception {
        publish(result(2_000_000_000, Status.IMPORTED, UUID.randomUUID()));
        int id = submit();
        publishUntil(result(id, Status.IMPORTED, UUID.randomUUID()), id, "imported");
        assertThat(count("SELECT count(*) FROM submission_result WHERE submission_id = 2000000000")).isZero();
    }

    @Test
    void everyRequestedIdIsAnsweredInRequestOrderAsOftenAsAsked() throws Exception {
        int imported = submit();
        UUID track = UUID.randomUUID();
        publishUntil(result(imported, Status.IMPORTED, track), imported, "imported");
        int pending = submit();
        int unknown = 2_000_000_001;
        // AcoustID answers its id list as given: unknown ids pending, repeats repeated, non-integers dropped
        JsonPath status = given().queryParam("client", "test-client-key")
                .queryParam("id", pending, unknown, imported, "x", pending, " " + imported + " ", 0, -3)
                .get("/v2/submission_status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getList("submissions.id", Long.class))
                .containsExactly((long) pending, (long) unknown, (long) imported, (long) pending, (long) imported, 0L, -3L);
        assertThat(status.getList("submissions.status", String.class))
                .containsExactly("pending", "pending", "imported", "pending", "imported", "pending", "pending");
        assertThat(status.getString("submissions[2].result.id")).isEqualTo(track.toString());
        assertThat(status.getString("submissions[4].result.id")).isEqualTo(track.toString());
        assertThat(status.getString("submissions[1].result")).isNull();
    }

    private static SubmissionResultEvent result(long id, Status status, UUID track) {
        return new SubmissionResultEvent(SubmissionResultEvent.SCHEMA_VERSION, id, status, 77L, track, 88L, null,
                Instant.now());
    }

    private static int submit() {
        return given().formParam("client", "test-client-key").formParam("user", "test-user-key")
                .formParam("fingerprint", FP.fingerprint()).formParam("duration", FP.duration())
                .formParam("mbid", UUID.randomUUID().toString())
                .post("/v2/submit").then().statusCode(200).extract().path("submissions[0].id");
    }

    private static void publish(SubmissionResultEvent result) throws Exception {
        PRODUCER.send(new ProducerRecord<>("test.submission-results", Long.toString(result.submissionId()), result))
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * Publishes the result, again every second until the status shows it: the consumer may still be
     * joining its group when the first copy goes out, and repeats are harmless to an idempotent consumer.
     */
    private static JsonPath publishUntil(SubmissionResultEvent result, int id, String expected) throws Exception {
        return SubmissionOutcomes.publishUntil(() -> publish(result), id, expected);
    }

    private long count(String sql) throws Exception {
        return SubmissionOutcomes.count(dataSource, sql);
    }
}
