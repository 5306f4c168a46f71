package org.songprint.account.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.songprint.common.event.LookupEvent;
import org.songprint.testsupport.LocalInfra;

/**
 * Lookup events from the real broker become hourly, per-user-agent and daily statistics, each
 * event counted once even when it is delivered again.
 */
@QuarkusTest
class LookupStatsTest {

    @Inject
    TestSql sql;

    @Test
    void eventsAreCountedOnceIntoTheStatistics() throws Exception {
        int app = createApplication();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        // two replicas' counts: pyacoustid's 7 lookups (5 hits) split across both, one Picard hit
        List<LookupEvent> events = List.of(
                event(new LookupEvent.Tally(app, hour, "pyacoustid/1.3", "198.51.100.4", 3, 0)),
                event(new LookupEvent.Tally(app, hour, "pyacoustid/1.3", "198.51.100.4", 2, 2),
                        new LookupEvent.Tally(app, hour, "Picard/2.13", "2001:db8::1", 1, 0),
                        // an application that does not exist (deleted meanwhile): skipped, never an error
                        new LookupEvent.Tally(Integer.MAX_VALUE, hour, "x", "192.0.2.1", 1, 0)));
        try (KafkaProducer<String, Event> producer = EventProducers.reliable(LocalInfra.kafkaBootstrap(), "test-lookups")) {
            for (LookupEvent event : events) {
                producer.send(new ProducerRecord<>("test.lookups", event)).get(10, TimeUnit.SECONDS);
            }
            // the same events again, as after a consumer crash before its offset commit
            for (LookupEvent event : events.subList(0, 1)) {
                producer.send(new ProducerRecord<>("test.lookups", event)).get(10, TimeUnit.SECONDS);
            }
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && sql.integer(
                "SELECT COALESCE(sum(count_hits + count_misses), 0) FROM stats_lookups WHERE application_id = " + app) < 8) {
            Thread.sleep(100);
        }
        Thread.sleep(1500); // the redelivered events have had their chance to be counted twice
        assertThat(sql.integer("SELECT count_hits FROM stats_lookups WHERE application_id = " + app)).isEqualTo(6);
        assertThat(sql.integer("SELECT count_misses FROM stats_lookups WHERE application_id = " + app)).isEqualTo(2);
        assertThat(sql.integer("SELECT count(*) FROM stats_lookups WHERE application_id = " + app
                + " AND hour = '" + hour + "'::timestamptz")).isEqualTo(1);
        assertThat(sql.integer("SELECT count FROM stats_user_agents WHERE application_id = " + app
                + " AND user_agent = 'pyacoustid/1.3' AND ip = '198.51.100.4'")).isEqualTo(7);
        assertThat(sql.integer("SELECT count FROM stats_user_agents WHERE application_id = " + app
                + " AND user_agent = 'Picard/2.13' AND ip = '2001:db8::1'")).isEqualTo(1);
        assertThat(sql.integer("SELECT count(*) FROM stats_lookup_event")).isGreaterThanOrEqualTo(2);
        assertThat(sql.integer("SELECT value FROM stats WHERE name = 'lookup.hit' AND date = '"
                + hour.toString().substring(0, 10) + "'")).isGreaterThanOrEqualTo(6);
    }

    private static LookupEvent event(LookupEvent.Tally... tallies) {
        return new LookupEvent(LookupEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), List.of(tallies));
    }

    /**
     * An application with a random id: the topic outlives the test database, which starts empty each
     * run, so events of earlier runs name the small ids a fresh sequence would give again.
     */
    private int createApplication() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "");
        return sql.integer("WITH a AS (INSERT INTO account (name, apikey) VALUES ('stats', ?) RETURNING id) "
                + "INSERT INTO application (id, name, apikey, account_id) SELECT ?, 'stats app', ?, id FROM a RETURNING id",
                "u" + suffix, ThreadLocalRandom.current().nextInt(1_000_000_000, Integer.MAX_VALUE - 1), "c" + suffix);
    }

}
