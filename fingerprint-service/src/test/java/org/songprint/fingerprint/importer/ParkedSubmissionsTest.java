package org.songprint.fingerprint.importer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.common.chromaprint.FingerprintSimHash;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionResultEvent;
import org.songprint.common.event.SubmissionResultEvent.Status;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.LocalInfra;

/**
 * A submission that cannot be imported (here: the database refuses it through a trigger, as a
 * PL/pgSQL error that is neither refused data nor an outage) no longer stalls the importer: it is
 * parked with the reason, the submissions behind it import, and a replay after the fix imports it
 * exactly once.
 */
@QuarkusTest
class ParkedSubmissionsTest {

    static final UUID MBID = UUID.fromString("5e1e9a1c-2222-4c0e-9a0e-0000000000c3");
    static final String SECRET = "test-admin-secret";

    static SubmissionTopics topics;
    static KafkaProducer<String, byte[]> raw;
    static final AtomicLong ids = new AtomicLong(SubmissionTopics.idBase());
    static AudioFixtures.Fpcalc song;

    @Inject
    DataSource dataSource;
    @Inject
    SubmissionConsumer consumer;

    @BeforeAll
    static void open() {
        topics = new SubmissionTopics();
        raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafkaBootstrap()),
                new StringSerializer(), new ByteArraySerializer());
        song = AudioFixtures.fpcalc(AudioFixtures.melody(411, 60));
    }

    @AfterAll
    static void close() {
        topics.close();
        raw.close(Duration.ofSeconds(5));
    }

    @BeforeEach
    void importerListens() throws InterruptedException {
        SubmissionTopics.awaitPartitions(consumer);
    }

    @Test
    void aSubmissionThatCannotBeImportedIsParkedTheOthersImportAndAReplayAfterTheFixImportsItOnce() throws Exception {
        SubmissionEvent poison = submission(1);
        SubmissionEvent first = submission(2);
        SubmissionEvent second = submission(3);
        refuse(poison.submissionId());
        try {
            topics.publish(poison, first, second);
            Map<Long, SubmissionResultEvent> results = topics.await(Set.of(first.submissionId(), second.submissionId()),
                    Duration.ofSeconds(20));
            assertThat(results.values()).allMatch(result -> result.status() == Status.IMPORTED);

            JsonPath listed = parkedList();
            Map<String, Object> entry = onlyEntry(listed, key(poison));
            assertThat(entry.get("pipeline")).isEqualTo("importer");
            assertThat(entry.get("topic")).isEqualTo(SubmissionTopics.SUBMISSIONS);
            assertThat((String) entry.get("reason")).contains("PgException").contains("refused for the test")
                    .contains("P0001");
            assertThat((Integer) entry.get("attempts")).isEqualTo(4);
            assertThat((Integer) entry.get("payload_bytes")).isPositive();
            assertThat(count("SELECT count(*) FROM fingerprint_source WHERE submission_id = " + poison.submissionId()))
                    .isZero();
            assertThat(metrics()).containsPattern("songprint_parked_total\\{pipeline=\"importer\"[^}]*} [1-9]");

            // not fixed yet: it stays parked, with one more try
            given().formParam("secret", SECRET).formParam("id", entry.get("id")).post("/internal/importer/replay")
                    .then().statusCode(200).body("replayed", equalTo(0)).body("still_parked", equalTo(1));
            assertThat(onlyEntry(parkedList(), key(poison)).get("attempts")).isEqualTo(5);
        } finally {
            accept();
        }

        given().formParam("secret", "wrong").post("/internal/importer/replay").then().statusCode(400)
                .body("error.code", equalTo(12));
        long id = ((Number) onlyEntry(parkedList(), key(poison)).get("id")).longValue();
        given().formParam("secret", SECRET).formParam("id", id).post("/internal/importer/replay").then().statusCode(200)
                .body("replayed", equalTo(1)).body("still_parked", equalTo(0));
        SubmissionResultEvent replayed = topics.await(Set.of(poison.submissionId()), Duration.ofSeconds(20))
                .get(poison.submissionId());
        assertThat(replayed.status()).isEqualTo(Status.IMPORTED);
        assertThat(count("SELECT count(*) FROM fingerprint_source WHERE submission_id = " + poison.submissionId()))
                .isEqualTo(1);
        assertThat(parkedList().getList("parked.findAll { it.key == '" + key(poison) + "' }")).isEmpty();

        // replaying again, or the record delivered again, imports nothing twice
        given().formParam("secret", SECRET).post("/internal/importer/replay").then().statusCode(200)
                .body("replayed", equalTo(0));
        topics.publish(poison);
        assertThat(topics.await(Set.of(poison.submissionId()), Duration.ofSeconds(20)).get(poison.submissionId())
                .fingerprintId()).isEqualTo(replayed.fingerprintId());
        assertThat(count("SELECT count(*) FROM fingerprint_source WHERE submission_id = " + poison.submissionId()))
                .isEqualTo(1);
        assertThat(count("SELECT submission_count FROM fingerprint WHERE id = " + replayed.fingerprintId())).isEqualTo(1);
    }

    @Test
    void anUnreadableRecordIsParkedAtOnceAndTheSubmissionsBehindItImport() throws Exception {
        String key = "unreadable-" + UUID.randomUUID();
        raw.send(new ProducerRecord<>(SubmissionTopics.SUBMISSIONS, key,
                "{\"schema_version\": 2, \"submission_id\": \"not a number\"".getBytes(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        SubmissionEvent behind = submission(4);
        topics.publish(behind);
        assertThat(topics.await(Set.of(behind.submissionId()), Duration.ofSeconds(20)).get(behind.submissionId())
                .status()).isEqualTo(Status.IMPORTED);

        Map<String, Object> entry = onlyEntry(parkedList(), key);
        assertThat((String) entry.get("reason")).startsWith("SerializationException: malformed SubmissionEvent");
        assertThat(entry.get("attempts")).isEqualTo(1);
        // still unreadable: a replay leaves it parked, one try more
        given().formParam("secret", SECRET).formParam("id", entry.get("id")).post("/internal/importer/replay").then()
                .statusCode(200).body("replayed", equalTo(0)).body("still_parked", equalTo(1));
        assertThat(onlyEntry(parkedList(), key).get("attempts")).isEqualTo(2);
    }

    @Test
    void aDatabaseOutageIsWaitedOutNotParked() throws Exception {
        SubmissionEvent waiting = submission(5);
        // every import fails as under a passing outage (serialization failure: retry), far longer than three tries
        execute("CREATE OR REPLACE FUNCTION test_outage() RETURNS trigger AS $$ BEGIN "
                + "RAISE EXCEPTION 'passing conflict' USING ERRCODE = '40001'; END $$ LANGUAGE plpgsql");
        execute("CREATE TRIGGER test_outage BEFORE INSERT ON fingerprint_source FOR EACH ROW EXECUTE FUNCTION test_outage()");
        try {
            topics.publish(waiting);
            Thread.sleep(3000);
            assertThat(count("SELECT count(*) FROM fingerprint_source WHERE submission_id = " + waiting.submissionId()))
                    .isZero();
        } finally {
            execute("DROP TRIGGER IF EXISTS test_outage ON fingerprint_source");
            execute("DROP FUNCTION IF EXISTS test_outage()");
        }
        assertThat(topics.await(Set.of(waiting.submissionId()), Duration.ofSeconds(20)).get(waiting.submissionId())
                .status()).isEqualTo(Status.IMPORTED);
        assertThat(parkedList().getList("parked.findAll { it.key == '" + key(waiting) + "' }")).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------

    private static JsonPath parkedList() {
        return given().get("/internal/importer/parked").then().statusCode(200).body("status", equalTo("ok"))
                .extract().jsonPath();
    }

    private static Map<String, Object> onlyEntry(JsonPath listed, String key) {
        List<Map<String, Object>> entries = listed.getList("parked.findAll { it.key == '" + key + "' }");
        assertThat(entries).as("parked records with key " + key).hasSize(1);
        return entries.get(0);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The record key the relay gives a submission: its SimHash. */
    private static String key(SubmissionEvent submission) {
        return Integer.toHexString(FingerprintSimHash.of(submission.fingerprint()));
    }

    /** The trigger refuses the submission with a plain PL/pgSQL exception (SQLSTATE P0001). */
    private void refuse(long submissionId) throws SQLException {
        execute("CREATE OR REPLACE FUNCTION test_refuse_submission() RETURNS trigger AS $$ BEGIN "
                + "IF NEW.submission_id = " + submissionId + " THEN RAISE EXCEPTION 'submission % refused for the test', "
                + "NEW.submission_id; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
        execute("CREATE TRIGGER test_refuse_submission BEFORE INSERT ON fingerprint_source FOR EACH ROW "
                + "EXECUTE FUNCTION test_refuse_submission()");
    }

    private void accept() throws SQLException {
        execute("DROP TRIGGER IF EXISTS test_refuse_submission ON fingerprint_source");
        execute("DROP FUNCTION IF EXISTS test_refuse_submission()");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    /** A distinct recording per call: the fixture song with its items rotated. */
    private static SubmissionEvent submission(int variant) {
        int[] hashes = new int[song.raw().length];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = Integer.rotateLeft(song.raw()[i], variant * 5);
        }
        return new SubmissionEvent(SubmissionEvent.SCHEMA_VERSION, ids.incrementAndGet(), hashes, song.duration(), null,
                null, MBID, null, null, null, 7, "1.0", 42, Instant.now());
    }
}
