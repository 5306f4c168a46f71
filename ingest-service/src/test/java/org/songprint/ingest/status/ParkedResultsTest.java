package org.songprint.ingest.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.songprint.ingest.status.SubmissionOutcomes.status;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.songprint.common.event.EventJson;
import org.songprint.common.event.SubmissionResultEvent;
import org.songprint.common.event.SubmissionResultEvent.Status;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.LocalInfra;

/**
 * An outcome that cannot be recorded (refused by the database, or unreadable) no longer holds back
 * the outcomes behind it: it is parked with the reason, its submission stays pending, and a replay
 * after the fix records it exactly once.
 */
@QuarkusTest
class ParkedResultsTest {

    static final AudioFixtures.Fpcalc FP = AudioFixtures.fpcalc(AudioFixtures.melody(612, 30));
    static final KafkaProducer<String, byte[]> PRODUCER = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(), new ByteArraySerializer());
    static final String TOPIC = "test.submission-results";
    static final String SECRET = "test-admin-secret";

    @Inject
    DataSource dataSource;

    @AfterAll
    static void close() {
        PRODUCER.close(Duration.ofSeconds(5));
    }

    @Test
    void anOutcomeTheDatabaseRefusesIsParkedTheOthersAreRecordedAndAReplayAfterTheFixRecordsItOnce() throws Exception {
        awaitConsumerInItsGroup();

        int refused = submit();
        int nul = submit();
        int good = submit();
        String run = UUID.randomUUID().toString();
        UUID track = UUID.randomUUID();
        SubmissionResultEvent refusedResult = new SubmissionResultEvent(SubmissionResultEvent.SCHEMA_VERSION, refused,
                Status.IMPORTED, 77L, track, 88L, null, Instant.now());
        execute("ALTER TABLE submission_result ADD CONSTRAINT test_refuse_result CHECK (submission_id <> " + refused + ")");
        try {
            publish(run + "-refused", json(refusedResult));
            // text PostgreSQL cannot store
            publish(run + "-nul", json(result(nul, "reason with a \u0000 inside")));
            publish(run + "-unreadable", "{\"schema_version\": 1, \"submission_id\": [".getBytes(StandardCharsets.UTF_8));
            publishUntil(result(good, null), good, "imported");

            JsonPath parked = parked();
            assertThat((String) entry(parked, run + "-refused").get("reason")).contains("test_refuse_result");
            assertThat((String) entry(parked, run + "-nul").get("reason")).contains("22021");
            assertThat((String) entry(parked, run + "-unreadable").get("reason")).startsWith("SerializationException");
            assertThat(status(refused).getString("submissions[0].status")).isEqualTo("pending");
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            assertThat(given().get("/q/metrics").then().extract().asString())
                    .containsPattern("songprint_parked_total\\{pipeline=\"submission-results\"[^}]*} [1-9]");
        } finally {
            execute("ALTER TABLE submission_result DROP CONSTRAINT IF EXISTS test_refuse_result");
        }

        Object id = entry(parked(), run + "-refused").get("id");
        given().formParam("secret", "wrong").formParam("id", id).post("/internal/results/replay").then().statusCode(400)
                .body("error.code", equalTo(12));
        given().formParam("secret", SECRET).formParam("id", id).post("/internal/results/replay").then().statusCode(200)
                .body("replayed", equalTo(1)).body("still_parked", equalTo(0));
        assertThat(status(refused).getString("submissions[0].status")).isEqualTo("imported");
        assertThat(status(refused).getString("submissions[0].result.id")).isEqualTo(track.toString());
        assertThat(entry(parked(), run + "-refused")).isNull();
        // the one PostgreSQL cannot store stays parked, one try more
        Object nulId = entry(parked(), run + "-nul").get("id");
        given().formParam("secret", SECRET).formParam("id", nulId).post("/internal/results/replay").then().statusCode(200)
                .body("replayed", equalTo(0)).body("still_parked", equalTo(1));

        // replayed again, or delivered again (claiming another track): recorded once
        given().formParam("secret", SECRET).formParam("id", id).post("/internal/results/replay").then().statusCode(200)
                .body("replayed", equalTo(0));
        publish(run + "-again", json(new SubmissionResultEvent(SubmissionResultEvent.SCHEMA_VERSION, refused,
                Status.IMPORTED, 77L, UUID.randomUUID(), 88L, null, Instant.now())));
        int after = submit();
        publishUntil(result(after, null), after, "imported");
        assertThat(status(refused).getString("submissions[0].result.id")).isEqualTo(track.toString());
        assertThat(count("SELECT count(*) FROM submission_result WHERE submission_id = " + refused)).isEqualTo(1);
    }

    @Test
    void aDatabaseOutageIsWaitedOutNotParkedAndNoOutcomeIsLost() throws Exception {
        awaitConsumerInItsGroup();
        int first = submit();
        int second = submit();
        // every write fails as under a passing outage (serialization failure: retry), far longer than three tries
        execute("CREATE OR REPLACE FUNCTION test_outage() RETURNS trigger AS $$ BEGIN "
                + "RAISE EXCEPTION 'passing conflict' USING ERRCODE = '40001'; END $$ LANGUAGE plpgsql");
        execute("CREATE TRIGGER test_outage BEFORE INSERT ON submission_result FOR EACH ROW EXECUTE FUNCTION test_outage()");
        try {
            publish(Integer.toString(first), json(result(first, null)));
            publish(Integer.toString(second), json(result(second, null)));
            Thread.sleep(4000);
            assertThat(status(first).getString("submissions[0].status")).isEqualTo("pending");
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            execute("DROP TRIGGER IF EXISTS test_outage ON submission_result");
            execute("DROP FUNCTION IF EXISTS test_outage()");
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && !"imported".equals(status(second).getString("submissions[0].status"))) {
            Thread.sleep(100);
        }
        assertThat(status(first).getString("submissions[0].status")).isEqualTo("imported");
        assertThat(status(second).getString("submissions[0].status")).isEqualTo("imported");
        assertThat(entry(parked(), Integer.toString(first))).isNull();
        assertThat(entry(parked(), Integer.toString(second))).isNull();
    }

    // ---------------------------------------------------------------------------------------------

    private static JsonPath parked() {
        return given().queryParam("limit", 1000).get("/internal/results/parked").then().statusCode(200)
                .body("status", equalTo("ok")).extract().jsonPath();
    }

    private static Map<String, Object> entry(JsonPath parked, String key) {
        List<Map<String, Object>> entries = parked.getList("parked.findAll { it.key == '" + key + "' }");
        assertThat(entries).as("parked records with key " + key).hasSizeLessThanOrEqualTo(1);
        return entries.isEmpty() ? null : entries.get(0);
    }

    private static SubmissionResultEvent result(long id, String reason) {
        return new SubmissionResultEvent(SubmissionResultEvent.SCHEMA_VERSION, id, Status.IMPORTED, 77L, UUID.randomUUID(),
                88L, reason, Instant.now());
    }

    private static byte[] json(SubmissionResultEvent result) throws Exception {
        return EventJson.mapper().writeValueAsBytes(result);
    }

    private static void publish(String key, byte[] value) throws Exception {
        PRODUCER.send(new ProducerRecord<>(TOPIC, key, value)).get(10, TimeUnit.SECONDS);
    }

    private static int submit() {
        return given().formParam("client", "test-client-key").formParam("user", "test-user-key")
                .formParam("fingerprint", FP.fingerprint()).formParam("duration", FP.duration())
                .formParam("mbid", UUID.randomUUID().toString())
                .post("/v2/submit").then().statusCode(200).extract().path("submissions[0].id");
    }

    /** Returns once the consumer has joined its group: an outcome published now is recorded. */
    private static void awaitConsumerInItsGroup() throws Exception {
        int marker = submit();
        publishUntil(result(marker, null), marker, "imported");
    }

    /** Publishes the result again every second until the status shows it (the consumer may still be joining). */
    private static void publishUntil(SubmissionResultEvent result, int id, String expected) throws Exception {
        SubmissionOutcomes.publishUntil(() -> publish(Long.toString(id), json(result)), id, expected);
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String sql) throws Exception {
        return SubmissionOutcomes.count(dataSource, sql);
    }
}
