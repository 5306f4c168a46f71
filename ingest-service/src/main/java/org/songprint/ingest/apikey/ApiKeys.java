package org.songprint.ingest.apikey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.songprint.common.apikey.ApiKeyReplica;
import org.songprint.common.event.ApiKeyEvent;

/**
 * Feeds this service's API key replica (client and user keys) from the {@code applications} topic,
 * replayed from the start on every boot. Seed keys serve development and tests only.
 */
@ApplicationScoped
public class ApiKeys {

    private final ApiKeyReplica replica = new ApiKeyReplica();

    public ApiKeys(@ConfigProperty(name = "songprint.api-keys.seed-client-keys") Optional<List<String>> clientSeeds,
            @ConfigProperty(name = "songprint.api-keys.seed-user-keys") Optional<List<String>> userSeeds) {
        replica.seedClientKeys(clientSeeds.orElse(List.of()));
        replica.seedUserKeys(userSeeds.orElse(List.of()));
    }

    @Produces
    @Singleton
    ApiKeyReplica replica() {
        return replica;
    }

    @Incoming("applications")
    public void onKeyState(ConsumerRecord<String, ApiKeyEvent> record) {
        replica.apply(record.key(), record.value());
    }
}
