package org.songprint.account.stats;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.songprint.account.TestSql;
import org.songprint.common.event.Event;
import org.songprint.common.event.EventProducers;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionHeaders;
import org.songprint.testsupport.LocalInfra;

/**
 * Submissions from the real broker are counted once per account (also when delivered again), and
 * the top contributors of the last 5 days are rebuilt from them and shown on a public page that never
 * shows an e-mail address.
 */
@QuarkusTest
class SubmissionStatsTest {

    @Inject
    TestSql sql;

    @Inject
    SubmissionStatsConsumer consumer;

    @Inject
    StatsEventCleanup cleanup;

    @Test
    void submissionsAreCountedOncePerAccountAndRankTheContributors() throws Exception {
                int alice = createAccount("Alice Example");
        int bob = createAccount("bob@example.org");
        int carol = createAccount("Carol Old");
        // ids far from the ingest tests' sequence, whose events share the test topic
        long firstId = 1_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L) * 1000;
        Instant now = Instant.now();
        List<SubmissionEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event(firstId + i, alice, now.minusSeconds(60 * i)));
        }
        for (int i = 5; i < 8; i++) {
            events.add(event(firstId + i, bob, now));
        }
        // counted in the account's total, but older than the top contributors' 5 days
        events.add(event(firstId + 8, carol, now.minus(Duration.ofDays(6))));
        // an account that does not exist (deleted meanwhile): skipped, never an error
        events.add(event(firstId + 9, Integer.MAX_VALUE, now)); // never a random test id
        try (KafkaProducer<String, Event> producer = EventProducers.reliable(LocalInfra.kafkaBootstrap(), "test-submission-stats")) {
            for (SubmissionEvent event : events) {
                // as ingest-service's relay publishes them (headers), and every third as published
                // before the headers existed (the consumer then reads the event itself)
                ProducerRecord<String, Event> record = new ProducerRecord<>("test.submissions", event);
                if (event.submissionId() % 3 != 0) {
                    SubmissionHeaders.write(record.headers(), event);
                }
                producer.send(record).get(10, TimeUnit.SECONDS);
            }
            // redelivery, as after a consumer crash before its offset commit
            for (SubmissionEvent event : events.subList(0, 6)) {
                producer.send(new ProducerRecord<>("test.submissions", event)).get(10, TimeUnit.SECONDS);
            }
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && sql.integer(
                "SELECT count(*) FROM stats_submission_event WHERE submission_id BETWEEN ? AND ?", firstId, firstId + 9) < 10) {
            Thread.sleep(100);
        }
        Thread.sleep(1500); // the redelivered events have had their chance to be counted twice
        assertThat(sql.integer("SELECT submission_count FROM account WHERE id = ?", alice)).isEqualTo(5);
        assertThat(sql.integer("SELECT submission_count FROM account WHERE id = ?", bob)).isEqualTo(3);
        assertThat(sql.integer("SELECT submission_count FROM account WHERE id = ?", carol)).isEqualTo(1);

        consumer.rebuildTopAccounts().await().atMost(Duration.ofSeconds(10));
        assertThat(sql.integer("SELECT count FROM stats_top_accounts WHERE account_id = ?", alice)).isEqualTo(5);
        assertThat(sql.integer("SELECT count FROM stats_top_accounts WHERE account_id = ?", bob)).isEqualTo(3);
        assertThat(sql.integer("SELECT count(*) FROM stats_top_accounts WHERE account_id = ?", carol)).isZero();

        String page = given().get("/contributors").then().statusCode(200).extract().asString();
        assertThat(page).contains("Alice Example").contains("Contributor #" + bob).doesNotContain("bob@example.org")
                .doesNotContain("Carol Old");
        assertThat(page.indexOf("Alice Example")).isLessThan(page.indexOf("Contributor #" + bob));
        // a rebuild replaces the table; it does not add to it
        consumer.rebuildTopAccounts().await().atMost(Duration.ofSeconds(10));
        assertThat(sql.integer("SELECT count FROM stats_top_accounts WHERE account_id = ?", alice)).isEqualTo(5);
    }

    @Test
    void eventIdsOlderThanAWeekAreForgotten() throws Exception {
        long old = 2_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        sql.update("INSERT INTO stats_submission_event (submission_id, account_id, submitted, received) "
                + "VALUES (?, 1, now() - interval '9 days', now() - interval '8 days'), (?, 1, now(), now())", old, old + 1);
        UUID oldLookup = UUID.randomUUID();
        UUID newLookup = UUID.randomUUID();
        sql.update("INSERT INTO stats_lookup_event (event_id, received) VALUES (?, now() - interval '8 days'), (?, now())",
                oldLookup, newLookup);
        cleanup.forgetOldEventIds().await().atMost(Duration.ofSeconds(10));
        assertThat(sql.integer("SELECT count(*) FROM stats_submission_event WHERE submission_id IN (?, ?)", old, old + 1))
                .isEqualTo(1);
        assertThat(sql.integer("SELECT count(*) FROM stats_submission_event WHERE submission_id = ?", old + 1)).isEqualTo(1);
        assertThat(sql.integer("SELECT count(*) FROM stats_lookup_event WHERE event_id = ?", oldLookup)).isZero();
        assertThat(sql.integer("SELECT count(*) FROM stats_lookup_event WHERE event_id = ?", newLookup)).isEqualTo(1);
    }

    private static SubmissionEvent event(long id, int account, Instant created) {
        return new SubmissionEvent(SubmissionEvent.SCHEMA_VERSION, id, new int[] {1, 2, 3}, 120, null, null,
                UUID.randomUUID(), null, null, null, 1, "1.0", account, created);
    }

    /**
     * An account with a random id: the topic outlives the test database, which starts empty each run,
     * so events of earlier runs name the small ids a fresh sequence would give again.
     */
    private int createAccount(String name) throws Exception {
        String key = TestSql.newKey("u");
        int id = ThreadLocalRandom.current().nextInt(1_000_000_000, Integer.MAX_VALUE - 1);
        return sql.integer("INSERT INTO account (id, name, apikey) VALUES (?, ?, ?) RETURNING id",
                id, name, key);
    }
}
