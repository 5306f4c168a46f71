package org.songprint.account.apikey;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.event.Event;
import org.songprint.common.event.EventProducers;

/**
 * Publishes the state of every API key to the compacted {@code applications} topic, which the public
 * services replay into their local key replicas. The account database is the source of truth: at
 * start every key is published, then the keys are compared with what was last published at a short
 * interval and only changes go out (a removed key as a tombstone). A key changed by any means, even
 * by hand in SQL, therefore reaches every service within the interval.
 */
@ApplicationScoped
public class ApiKeyPublisher {

    private static final Logger LOG = Logger.getLogger(ApiKeyPublisher.class);

    private final ApiKeyRepository repository;
    private final String topic;
    private final long intervalMs;
    private final String bootstrapServers;
    private final Map<String, ApiKeyEvent> published = new HashMap<>();
    private ScheduledExecutorService scheduler;
    private KafkaProducer<String, Event> producer;

    public ApiKeyPublisher(ApiKeyRepository repository,
            @ConfigProperty(name = "songprint.api-keys.topic", defaultValue = "applications") String topic,
            @ConfigProperty(name = "songprint.api-keys.publish-interval-ms", defaultValue = "1000") long intervalMs,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.repository = repository;
        this.topic = topic;
        this.intervalMs = intervalMs;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        producer = EventProducers.reliable(bootstrapServers, "account-api-keys");
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "api-key-publisher");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::publishChanges, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Publishes soon after a key was changed through the pages, instead of at the next interval, so a
     * regenerated or deactivated key stops working across the suite well within 2 s.
     */
    public void publishSoon() {
        ScheduledExecutorService current = scheduler;
        if (current != null && !current.isShutdown()) {
            current.execute(this::publishChanges);
        }
    }

    /** Publishes every key whose state differs from what was last published. */
    synchronized void publishChanges() {
        try {
            Map<String, ApiKeyEvent> current = repository.allKeys().await().atMost(Duration.ofSeconds(30));
            int sent = 0;
            for (Map.Entry<String, ApiKeyEvent> entry : current.entrySet()) {
                ApiKeyEvent before = published.get(entry.getKey());
                if (before == null || !sameState(before, entry.getValue())) {
                    ApiKeyEvent state = withTime(entry.getValue());
                    producer.send(new ProducerRecord<>(topic, entry.getKey(), state)).get(10, TimeUnit.SECONDS);
                    published.put(entry.getKey(), state);
                    sent++;
                }
            }
            for (String gone : published.keySet().stream().filter(k -> !current.containsKey(k)).toList()) {
                producer.send(new ProducerRecord<>(topic, gone, null)).get(10, TimeUnit.SECONDS);
                published.remove(gone);
                sent++;
            }
            if (sent > 0) {
                LOG.infof("published %d API key state(s) to %s", sent, topic);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("publishing API key states failed (will retry): %s", e.toString());
        }
    }

    private static boolean sameState(ApiKeyEvent a, ApiKeyEvent b) {
        return a.keyType() == b.keyType() && a.active() == b.active() && Objects.equals(a.applicationId(), b.applicationId())
                && Objects.equals(a.accountId(), b.accountId()) && Objects.equals(a.rateLimit(), b.rateLimit());
    }

    private static ApiKeyEvent withTime(ApiKeyEvent state) {
        return new ApiKeyEvent(state.schemaVersion(), state.apiKey(), state.keyType(), state.applicationId(),
                state.accountId(), state.active(), state.rateLimit(), Instant.now());
    }
}
