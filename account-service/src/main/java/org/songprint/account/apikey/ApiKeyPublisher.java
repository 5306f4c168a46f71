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
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.event.Event;
import org.songprint.common.event.EventProducers;

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
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ApiKeyRepository repository;
    private final String topic;
    private final long intervalMs;
    private final String bootstrapServers;
    private final AtomicLong waiting = new AtomicLong();
    // at most one wake-up pending, however many changes ask for one: no queue grows with requests
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private long lastWarned = System.nanoTime() - WARN_EVERY_NANOS;
    private Thread thread;
    private KafkaProducer<String, Event> producer;

    public ApiKeyPublisher(ApiKeyRepository repository, MeterRegistry metrics,
            @ConfigProperty(name = "songprint.api-keys.topic", defaultValue = "applications") String topic,
            @ConfigProperty(name = "songprint.api-keys.publish-interval-ms", defaultValue = "500") long intervalMs,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.repository = repository;
        this.topic = topic;
        this.intervalMs = intervalMs;
        this.bootstrapServers = bootstrapServers;
        metrics.gauge("songprint.api_keys.changes.waiting", waiting);
    }

    void onStart(@Observes StartupEvent event) {
        // short rounds while Kafka is away: a revocation goes out within a second of its return
        producer = EventProducers.reliable(bootstrapServers, "account-api-keys", 1000);
        running = true;
        thread = new Thread(this::run, "api-key-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Publishes now rather than at the next interval (called after a change through the pages or the API). */
    public void publishSoon() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void run() {
        while (running) {
            try {
                while (running && publishPending() == BATCH) {
                    // a full batch: more are waiting
                }
                lastWarned = System.nanoTime() - WARN_EVERY_NANOS;
                waiting.set(repository.backlog().await().atMost(DATABASE_BUDGET).waiting());
                wake.tryAcquire(intervalMs, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                long now = System.nanoTime();
                if (now - lastWarned >= WARN_EVERY_NANOS) {
                    lastWarned = now;
                    LOG.warnf("publishing API key changes failed (kept in the outbox, retried every %d ms): %s",
                            intervalMs, e.toString());
                }
                sleepQuietly(Math.min(intervalMs, 200));
            }
        }
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
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge the key states: " + e.getMessage(), e);
            }
        }
    }

    private static ApiKeyEvent withTime(ApiKeyEvent state, Instant now) {
        return new ApiKeyEvent(state.schemaVersion(), state.apiKey(), state.keyType(), state.applicationId(),
                state.accountId(), state.active(), state.rateLimit(), now);
    }

    private void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
