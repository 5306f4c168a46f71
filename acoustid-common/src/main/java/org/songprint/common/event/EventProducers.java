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
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // callers wait for the acknowledgements of what they just sent, so lingering only
                // delays them; records sent while a request is in flight are still batched
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000), new StringSerializer(), new EventSerializer());
    }
}
