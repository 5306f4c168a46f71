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
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // callers wait for the acknowledgements of what they just sent, so lingering only
                // delays them; records sent while a request is in flight are still batched
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000,
                // a returning broker is found, and its answers retried, within a fifth of a second (the
                // defaults back off to 1 s)
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200), new StringSerializer(), new EventSerializer());
    }
}
