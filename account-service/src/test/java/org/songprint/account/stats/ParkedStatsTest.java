package org.songprint.account.stats;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.songprint.account.TestSql;
import org.songprint.common.event.Event;
import org.songprint.common.event.EventJson;
import org.songprint.common.event.LookupEvent;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionHeaders;
import org.songprint.testsupport.LocalInfra;

/**
 * An event the statistics cannot take (refused by the database, or unreadable) no longer stops its
 * channel or turns liveness DOWN: it is parked with the reason, the events behind it are counted,
 * and a replay after the fix counts it exactly once.
 */
@QuarkusTest
class ParkedStatsTest {

    static final String SECRET = "test-admin-secret";
    static KafkaProducer<String, byte[]> producer;

    @Inject
    TestSql sql;

    @BeforeAll
    static void open() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void aLookupEventTheDatabaseRefusesIsParkedTheOthersAreCountedAndAReplayAfterTheFixCountsItOnce() throws Exception {
        int good = createApplication();
        int refused = createApplication();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String run = UUID.randomUUID().toString();
        LookupEvent refusedEvent = lookup(new LookupEvent.Tally(refused, hour, "beets/2.0", "192.0.2.7", 2, 0));
        sql.update("ALTER TABLE stats_lookups ADD CONSTRAINT test_refuse_app CHECK (application_id <> " + refused + ")");
        try {
            send("test.lookups", run + "-refused", json(refusedEvent));
            // an address the statistics' inet column cannot hold
            send("test.lookups", run + "-bad-ip", json(lookup(new LookupEvent.Tally(good, hour, "x", "999.1.1.1", 5, 0))));
            send("test.lookups", run + "-unreadable", "{\"schema_version\": 2, \"tallies\": 7".getBytes(StandardCharsets.UTF_8));
            send("test.lookups", run + "-good", json(lookup(new LookupEvent.Tally(good, hour, "beets/2.0", "192.0.2.7", 3, 1))));

            awaitValue(() -> sql.integer("SELECT COALESCE(sum(count_hits), 0) FROM stats_lookups WHERE application_id = ?",
                    good), 3);
            JsonPath parked = parked("lookup-stats");
            assertThat((String) entry(parked, run + "-refused").get("reason")).contains("test_refuse_app").contains("23514");
            assertThat((String) entry(parked, run + "-bad-ip").get("reason")).contains("inet");
            assertThat((String) entry(parked, run + "-unreadable").get("reason")).startsWith("SerializationException");
            assertThat(entry(parked, run + "-good")).isNull();
            assertLive();
        } finally {
            sql.update("ALTER TABLE stats_lookups DROP CONSTRAINT IF EXISTS test_refuse_app");
        }

        Object id = entry(parked("lookup-stats"), run + "-refused").get("id");
        given().formParam("secret", "wrong").formParam("id", id).post("/internal/stats/replay").then().statusCode(400)
                .body("error.code", equalTo(12));
        given().formParam("secret", SECRET).formParam("id", id).post("/internal/stats/replay").then().statusCode(200)
                .body("replayed", equalTo(1)).body("still_parked", equalTo(0));
        assertThat(sql.integer("SELECT count_hits FROM stats_lookups WHERE application_id = ?", refused)).isEqualTo(2);
        assertThat(entry(parked("lookup-stats"), run + "-refused")).isNull();

        // replayed again, or delivered again: counted once
        given().formParam("secret", SECRET).formParam("id", id).post("/internal/stats/replay").then().statusCode(200)
                .body("replayed", equalTo(0));
        send("test.lookups", run + "-again", json(refusedEvent));
        send("test.lookups", run + "-after", json(lookup(new LookupEvent.Tally(good, hour, "beets/2.0", "192.0.2.7", 1, 0))));
        awaitValue(() -> sql.integer("SELECT sum(count_hits) FROM stats_lookups WHERE application_id = ?", good), 4);
        assertThat(sql.integer("SELECT count_hits FROM stats_lookups WHERE application_id = ?", refused)).isEqualTo(2);
        assertThat(given().get("/q/metrics").then().extract().asString())
                .containsPattern("songprint_parked_total\\{pipeline=\"lookup-stats\"[^}]*} [1-9]");
    }

    @Test
    void aSubmissionTheDatabaseRefusesIsParkedTheOthersAreCountedAndAReplayAfterTheFixCountsItOnce() throws Exception {
        int account = createAccount();
        long base = 3_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L) * 1000;
        String run = UUID.randomUUID().toString();
        SubmissionEvent refused = submission(base, account);
        sql.update("ALTER TABLE stats_submission_event ADD CONSTRAINT test_refuse_submission CHECK (submission_id <> "
                + base + ")");
        try {
            sendSubmission(run + "-refused", refused);
            send("test.submissions", run + "-unreadable", "not a submission".getBytes(StandardCharsets.UTF_8));
            sendSubmission(run + "-good-1", submission(base + 1, account));
            sendSubmission(run + "-good-2", submission(base + 2, account));

            awaitValue(() -> sql.integer("SELECT submission_count FROM account WHERE id = ?", account), 2);
            JsonPath parked = parked("submission-stats");
            assertThat((String) entry(parked, run + "-refused").get("reason")).contains("test_refuse_submission");
            assertThat((String) entry(parked, run + "-unreadable").get("reason")).startsWith("SerializationException");
            assertLive();
        } finally {
            sql.update("ALTER TABLE stats_submission_event DROP CONSTRAINT IF EXISTS test_refuse_submission");
        }

        // the parked record has no headers: the replay counts it from the event itself
        given().formParam("secret", SECRET).formParam("pipeline", "submission-stats")
                .formParam("id", entry(parked("submission-stats"), run + "-refused").get("id"))
                .post("/internal/stats/replay").then().statusCode(200).body("replayed", equalTo(1));
        assertThat(sql.integer("SELECT submission_count FROM account WHERE id = ?", account)).isEqualTo(3);

        sendSubmission(run + "-again", refused);
        sendSubmission(run + "-good-3", submission(base + 3, account));
        awaitValue(() -> sql.integer("SELECT count(*) FROM stats_submission_event WHERE submission_id = ?", base + 3), 1);
        assertThat(sql.integer("SELECT submission_count FROM account WHERE id = ?", account)).isEqualTo(4);
    }

    @Test
    void aDatabaseOutageIsWaitedOutNotParked() throws Exception {
        int account = createAccount();
        long base = 4_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L) * 1000;
        String run = UUID.randomUUID().toString();
        // every write fails as under a passing outage (serialization failure: retry), far longer than three tries
        sql.update("CREATE OR REPLACE FUNCTION test_outage() RETURNS trigger AS $$ BEGIN "
                + "RAISE EXCEPTION 'passing conflict' USING ERRCODE = '40001'; END $$ LANGUAGE plpgsql");
        sql.update("CREATE TRIGGER test_outage BEFORE INSERT ON stats_submission_event FOR EACH ROW "
                + "EXECUTE FUNCTION test_outage()");
        try {
            sendSubmission(run + "-1", submission(base, account));
            sendSubmission(run + "-2", submission(base + 1, account));
            Thread.sleep(4000);
            assertThat(sql.integer("SELECT submission_count FROM account WHERE id = ?", account)).isZero();
            assertLive();
        } finally {
            sql.update("DROP TRIGGER IF EXISTS test_outage ON stats_submission_event");
            sql.update("DROP FUNCTION IF EXISTS test_outage()");
        }
        awaitValue(() -> sql.integer("SELECT submission_count FROM account WHERE id = ?", account), 2);
        assertThat(entry(parked("submission-stats"), run + "-1")).isNull();
        assertThat(entry(parked("submission-stats"), run + "-2")).isNull();
    }

    // ---------------------------------------------------------------------------------------------

    private static JsonPath parked(String pipeline) {
        return given().queryParam("pipeline", pipeline).queryParam("limit", 1000).get("/internal/stats/parked").then()
                .statusCode(200).body("status", equalTo("ok")).extract().jsonPath();
    }

    private static Map<String, Object> entry(JsonPath parked, String key) {
        List<Map<String, Object>> entries = parked.getList("parked.findAll { it.key == '" + key + "' }");
        assertThat(entries).as("parked records with key " + key).hasSizeLessThanOrEqualTo(1);
        return entries.isEmpty() ? null : entries.get(0);
    }

    private static void assertLive() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static void awaitValue(Callable<Integer> value, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && value.call() < expected) {
            Thread.sleep(100);
        }
        Thread.sleep(1000); // what would be counted twice has had its chance
        assertThat(value.call()).isEqualTo(expected);
    }

    private static void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    private static void sendSubmission(String key, SubmissionEvent event) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("test.submissions", key, json(event));
        SubmissionHeaders.write(record.headers(), event);
        producer.send(record).get(10, TimeUnit.SECONDS);
    }

    private static byte[] json(Event event) throws Exception {
        return EventJson.mapper().writeValueAsBytes(event);
    }

    private static LookupEvent lookup(LookupEvent.Tally tally) {
        return new LookupEvent(LookupEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), List.of(tally));
    }

    private static SubmissionEvent submission(long id, int account) {
        return new SubmissionEvent(SubmissionEvent.SCHEMA_VERSION, id, new int[] {1, 2, 3}, 120, null, null,
                UUID.randomUUID(), null, null, null, 1, "1.0", account, Instant.now());
    }

    /** Random ids: the topics outlive the test database, which starts empty each run. */
    private int createApplication() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "");
        return sql.integer("WITH a AS (INSERT INTO account (name, apikey) VALUES ('parked', ?) RETURNING id) "
                + "INSERT INTO application (id, name, apikey, account_id) SELECT ?, 'parked app', ?, id FROM a RETURNING id",
                "u" + suffix, ThreadLocalRandom.current().nextInt(1_000_000_000, Integer.MAX_VALUE - 1), "c" + suffix);
    }

    private int createAccount() throws Exception {
        return sql.integer("INSERT INTO account (id, name, apikey) VALUES (?, 'parked', ?) RETURNING id",
                ThreadLocalRandom.current().nextInt(1_000_000_000, Integer.MAX_VALUE - 1),
                TestSql.newKey("u"));
    }
}
