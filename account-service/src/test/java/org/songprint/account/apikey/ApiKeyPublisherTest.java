package org.songprint.account.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.songprint.account.TestSql;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.event.EventDeserializer;
import org.songprint.testsupport.LocalInfra;

/** Key states in the account database reach the applications topic: new, deactivated, deleted. */
@QuarkusTest
class ApiKeyPublisherTest {

    @Inject
    TestSql sql;

    @Test
    void keyChangesArePublished() throws Exception {
        String userKey = "u" + UUID.randomUUID().toString().replace("-", "");
        String clientKey = "c" + UUID.randomUUID().toString().replace("-", "");
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
