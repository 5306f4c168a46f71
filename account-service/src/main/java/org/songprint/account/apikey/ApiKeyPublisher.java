package org.songprint.account.apikey;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;
import org.songprint.common.background.BackgroundLoop;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.event.Event;
import org.songprint.common.event.KafkaClients;

/**
 * Publishes API key changes to the compacted {@code applications} topic, which the public services
 * replay into their local key replicas. What to publish comes from the outbox ({@code api_key_change},
 * written by triggers in the transaction of every change), never from memory: each noted key's
 * current state is sent (a tombstone when the key no longer exists), and the rows are deleted only
 * once Kafka has acknowledged them. A change made while Kafka is down, or just before every replica is
 * killed, is therefore published when both are back; a change is sent at least once, and sending a
 * key's current state twice changes nothing.
 */
@ApplicationScoped
public class ApiKeyPublisher {

    private static final Logger LOG = Logger.getLogger(ApiKeyPublisher.class);
    private static final int BATCH = 1000;
    private static final Duration DATABASE_BUDGET = Duration.ofSeconds(30);

    private final ApiKeyRepository repository;
    private final String topic;
    private final KafkaClients kafka;
    private final AtomicLong waiting = new AtomicLong();
    private final BackgroundLoop loop;
    private KafkaProducer<String, Event> producer;

    public ApiKeyPublisher(ApiKeyRepository repository, MeterRegistry metrics,
            ApiKeyPublisherConfig config, KafkaClients kafka) {
        this.repository = repository;
        this.topic = config.topic();
        this.kafka = kafka;
        metrics.gauge("songprint.api_keys.changes.waiting", waiting);
        // short rounds while Kafka is away (each waits at most a second for the broker's metadata, then a
        // quarter of one): a revocation goes out within a second of its return
        this.loop = new BackgroundLoop("api-key-publisher", this::round, Duration.ofMillis(config.publishIntervalMs()),
                Duration.ofMillis(100), Duration.ofMillis(250), LOG);
    }

    void onStart(@Observes StartupEvent event) {
        producer = kafka.statesProducer("account-api-keys", 1000);
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop(Duration.ofSeconds(10));
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Publishes now rather than at the next interval (called after a change through the pages or the API). */
    public void publishSoon() {
        loop.wake();
    }

    private BackgroundLoop.Outcome round() throws InterruptedException {
        if (publishPending() == BATCH) {
            return BackgroundLoop.Outcome.MORE;
        }
        waiting.set(repository.backlog().await().atMost(DATABASE_BUDGET).waiting());
        return BackgroundLoop.Outcome.IDLE;
    }

    /**
     * Publishes the oldest noted changes in one transaction: the keys' states are read, sent and
     * acknowledged before the rows are deleted. Answers how many rows were published (0 when another
     * replica holds the publisher lock).
     */
    int publishPending() throws InterruptedException {
        SqlConnection connection = repository.pool().getConnection().await().atMost(DATABASE_BUDGET);
        try {
            Transaction tx = connection.begin().await().atMost(DATABASE_BUDGET);
            try {
                if (!repository.tryPublisherLock(connection).await().atMost(DATABASE_BUDGET)) {
                    tx.rollback().await().atMost(DATABASE_BUDGET);
                    return 0;
                }
                List<ApiKeyRepository.NotedChange> changes = repository.oldestChanges(connection, BATCH)
                        .await().atMost(DATABASE_BUDGET);
                if (changes.isEmpty()) {
                    tx.rollback().await().atMost(DATABASE_BUDGET);
                    return 0;
                }
                Set<String> keys = new LinkedHashSet<>();
                changes.forEach(change -> keys.add(change.apiKey()));
                Map<String, ApiKeyEvent> states = repository.states(connection, List.copyOf(keys)).await().atMost(DATABASE_BUDGET);
                send(keys, states);
                repository.forget(connection, changes).await().atMost(DATABASE_BUDGET);
                tx.commit().await().atMost(DATABASE_BUDGET);
                LOG.infof("published %d API key state(s) to %s", keys.size(), topic);
                return changes.size();
            } catch (InterruptedException | RuntimeException e) {
                tx.rollback().await().atMost(DATABASE_BUDGET);
                throw e;
            }
        } finally {
            connection.close().await().atMost(DATABASE_BUDGET);
        }
    }

    private void send(Set<String> keys, Map<String, ApiKeyEvent> states) throws InterruptedException {
        // Each send would block up to max.block.ms for the topic's metadata while the broker is away, so a
        // round of n keys took n seconds and a returning broker waited for the rest of a doomed round: one
        // bounded wait per round, which returns as soon as the broker answers.
        try {
            producer.partitionsFor(topic);
        } catch (KafkaException e) {
            throw new IllegalStateException("Kafka is not reachable for " + topic + ": " + e.getMessage(), e);
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(keys.size());
        Instant now = Instant.now();
        for (String key : keys) {
            ApiKeyEvent state = states.get(key);
            // a key that no longer exists (regenerated, deleted) is a tombstone: replicas forget it
            sent.add(producer.send(new ProducerRecord<>(topic, key, state == null ? null : withTime(state, now))));
        }
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get(20, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge the key states: " + e.getMessage(), e);
            }
        }
    }

    private static ApiKeyEvent withTime(ApiKeyEvent state, Instant now) {
        return new ApiKeyEvent(state.schemaVersion(), state.apiKey(), state.keyType(), state.applicationId(),
                state.accountId(), state.active(), state.rateLimit(), now);
    }
}
