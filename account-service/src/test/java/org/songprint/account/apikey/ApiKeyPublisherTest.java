package org.songprint.account.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.songprint.account.TestSql;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.event.EventDeserializer;
import org.songprint.testsupport.LocalInfra;

/**
 * Key states in the account database reach the applications topic: new, deactivated, deleted; and a
 * change is noted durably in the transaction that makes it, so no crash or Kafka outage loses it.
 */
@QuarkusTest
class ApiKeyPublisherTest {

    @Inject
    TestSql sql;

    @Inject
    DataSource dataSource;

    @Test
    void keyChangesArePublished() throws Exception {
        String userKey = TestSql.newKey("u");
        String clientKey = TestSql.newKey("c");
        try (KafkaConsumer<String, ApiKeyEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new EventDeserializer.ApiKey())) {
            consumer.subscribe(List.of("test.applications"));

            sql.update("WITH a AS (INSERT INTO account (name, apikey) VALUES ('t', ?) RETURNING id) "
                    + "INSERT INTO application (name, apikey, account_id, rate_limit) SELECT 'app', ?, id, 7 FROM a", userKey, clientKey);
            Map<String, ConsumerRecord<String, ApiKeyEvent>> seen = awaitKeys(consumer, userKey, clientKey);
            ApiKeyEvent client = seen.get(clientKey).value();
            assertThat(client.keyType()).isEqualTo(ApiKeyEvent.KeyType.CLIENT);
            assertThat(client.active()).isTrue();
            assertThat(client.rateLimit()).isEqualTo(7);
            assertThat(seen.get(userKey).value().keyType()).isEqualTo(ApiKeyEvent.KeyType.USER);

            sql.update("UPDATE application SET active = false WHERE apikey = ?", clientKey);
            assertThat(awaitKeys(consumer, clientKey).get(clientKey).value().active()).isFalse();

            sql.update("DELETE FROM application WHERE apikey = ?", clientKey);
            assertThat(awaitKeys(consumer, clientKey).get(clientKey).value()).as("tombstone").isNull();
        }
    }

    @Test
    void aRegeneratedKeyIsNotedWithTheChangeAndTombstonedOnceAPublisherCanSendIt() throws Exception {
        String userKey = TestSql.newKey("u");
        String oldKey = TestSql.newKey("o");
        String newKey = TestSql.newKey("n");
        try (KafkaConsumer<String, ApiKeyEvent> consumer = subscribed();
                Connection lock = dataSource.getConnection()) {
            sql.update("WITH a AS (INSERT INTO account (name, apikey) VALUES ('t', ?) RETURNING id) "
                    + "INSERT INTO application (name, apikey, account_id) SELECT 'app', ?, id FROM a", userKey, oldKey);
            awaitKeys(consumer, oldKey);

            // no publisher may run (as if every replica were down): the change must still be noted
            try (Statement statement = lock.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(hashtext('api_key_change'))");
            }
            sql.update("UPDATE application SET apikey = ? WHERE apikey = ?", newKey, oldKey);
            assertThat(sql.integer("SELECT count(*) FROM api_key_change WHERE apikey IN (?, ?)", oldKey, newKey))
                    .as("old and new key noted in the change's own transaction").isGreaterThanOrEqualTo(2);

            Thread.sleep(1_000);
            assertThat(sql.integer("SELECT count(*) FROM api_key_change WHERE apikey IN (?, ?)", oldKey, newKey))
                    .as("kept while no publisher could send it").isGreaterThanOrEqualTo(2);
            try (Statement statement = lock.createStatement()) {
                statement.execute("SELECT pg_advisory_unlock(hashtext('api_key_change'))");
            }

            // the service's own publisher sends what was noted: the old key's tombstone, the new key
            Map<String, ConsumerRecord<String, ApiKeyEvent>> seen = awaitKeys(consumer, oldKey, newKey);
            assertThat(seen.get(oldKey).value()).as("tombstone of the regenerated key").isNull();
            assertThat(seen.get(newKey).value().active()).isTrue();
            long deadline = System.currentTimeMillis() + 5_000;
            while (sql.integer("SELECT count(*) FROM api_key_change WHERE apikey IN (?, ?)", oldKey, newKey) > 0
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(sql.integer("SELECT count(*) FROM api_key_change WHERE apikey IN (?, ?)", oldKey, newKey))
                    .as("published changes are forgotten").isZero();
        }
    }

    @Test
    void knownClientsAreApplicationsOfTheOperatorAcceptedOnlyWhenEnabled() throws Exception {
        // %test enables Picard's key and leaves beets' disabled (application.yaml)
        assertThat(sql.string("SELECT p.name || ' ' || p.active || ' ' || o.name FROM application p JOIN account o "
                + "ON o.id = p.account_id WHERE p.apikey = 'v8pQ6oyB'")).isEqualTo("MusicBrainz Picard true " + KnownClients.OPERATOR);
        // a client never enabled leaves no application behind
        assertThat(sql.integer("SELECT count(*) FROM application WHERE apikey = '1vOwZtEn'")).isZero();
        assertThat(sql.integer("SELECT count(*) FROM account WHERE name = ?", KnownClients.OPERATOR)).isEqualTo(1);
        // published like any application's key (noted again here: this consumer reads from now on)
        try (KafkaConsumer<String, ApiKeyEvent> consumer = subscribed()) {
            sql.update("UPDATE application SET active = active WHERE apikey = 'v8pQ6oyB'");
            ApiKeyEvent picard = awaitKeys(consumer, "v8pQ6oyB").get("v8pQ6oyB").value();
            assertThat(picard.keyType()).isEqualTo(ApiKeyEvent.KeyType.CLIENT);
            assertThat(picard.active()).isTrue();
        }
    }

    private static KafkaConsumer<String, ApiKeyEvent> subscribed() {
        KafkaConsumer<String, ApiKeyEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new EventDeserializer.ApiKey());
        consumer.subscribe(List.of("test.applications"));
        // join the group and fix the starting position before anything is published
        long deadline = System.currentTimeMillis() + 15_000;
        while (consumer.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }

    private static Map<String, ConsumerRecord<String, ApiKeyEvent>> awaitKeys(KafkaConsumer<String, ApiKeyEvent> consumer,
            String... keys) {
        Map<String, ConsumerRecord<String, ApiKeyEvent>> seen = new HashMap<>();
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline && !seen.keySet().containsAll(List.of(keys))) {
            for (ConsumerRecord<String, ApiKeyEvent> record : consumer.poll(Duration.ofMillis(200))) {
                if (List.of(keys).contains(record.key())) {
                    seen.put(record.key(), record);
                }
            }
        }
        assertThat(seen.keySet()).containsAll(List.of(keys));
        return seen;
    }
}
