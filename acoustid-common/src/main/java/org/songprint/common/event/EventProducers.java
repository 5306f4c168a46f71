package org.songprint.common.event;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka producers for events that must not be lost: acknowledged by all in-sync replicas,
 * idempotent, and failing within seconds (not minutes) when the broker is away, so the caller can
 * keep its outbox rows and retry.
 */
public final class EventProducers {

    private EventProducers() {
    }

    public static KafkaProducer<String, Event> reliable(String bootstrapServers, String clientId) {
        return reliable(bootstrapServers, clientId, 5000);
    }

    /**
     * As {@link #reliable(String, String)}, waiting at most {@code maxBlockMs} for the topic's metadata:
     * a caller retrying in short rounds finds a returning broker sooner.
     */
    public static KafkaProducer<String, Event> reliable(String bootstrapServers, String clientId, int maxBlockMs) {
        return create(bootstrapServers, clientId, maxBlockMs, true);
    }

    /**
     * For a compacted topic of states keyed by what they describe (API keys), where a record sent
     * twice changes nothing: acknowledged by all in-sync replicas and in order (one request in flight),
     * but without idempotence, whose producer-id handshake a broker just back from an outage answered
     * last (about a second of a revocation's delay measured in CI).
     */
    public static KafkaProducer<String, Event> states(String bootstrapServers, String clientId, int maxBlockMs) {
        return create(bootstrapServers, clientId, maxBlockMs, false);
    }

    private static KafkaProducer<String, Event> create(String bootstrapServers, String clientId, int maxBlockMs,
            boolean idempotent) {
        return new KafkaProducer<>(Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, clientId),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent),
                // idempotence keeps order with 5 requests in flight; without it, one keeps order through retries
                Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, idempotent ? 5 : 1),
                // callers wait for the acknowledgements of what they just sent, so lingering only
                // delays them; records sent while a request is in flight are still batched
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, 0),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000),
                // a returning broker is found, and its answers retried, within a fifth of a second (the
                // defaults back off to 1 s)
                Map.entry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200),
                Map.entry(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200)),new StringSerializer(), new EventSerializer());
    }
}
