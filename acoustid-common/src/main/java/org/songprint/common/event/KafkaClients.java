package org.songprint.common.event;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place a service reads where its Kafka brokers are ({@code kafka.bootstrap.servers}, which
 * the SmallRye channels read too), for the clients it makes itself: the outbox producers, the
 * importer's consumer, the admin clients of readiness and backlog.
 */
@ApplicationScoped
public class KafkaClients {

    private final String bootstrapServers;

    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** See {@link EventProducers#reliable(String, String)}. */
    public KafkaProducer<String, Event> reliableProducer(String clientId) {
        return EventProducers.reliable(bootstrapServers, clientId);
    }

    /** See {@link EventProducers#states(String, String, int)}. */
    public KafkaProducer<String, Event> statesProducer(String clientId, int maxBlockMs) {
        return EventProducers.states(bootstrapServers, clientId, maxBlockMs);
    }

    /** See {@link EventProducers#reliable(String, String, int)}. */
    public KafkaProducer<String, Event> reliableProducer(String clientId, int maxBlockMs) {
        return EventProducers.reliable(bootstrapServers, clientId, maxBlockMs);
    }
}
