package org.songprint.ingest.apikey;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.songprint.common.apikey.ApiKeyFeed;
import org.songprint.common.event.ApiKeyEvent;

/** This service's API key replica (client and user keys), fed from the {@code applications} topic. */
@Singleton
public class ApiKeys extends ApiKeyFeed {

    public ApiKeys(@ConfigProperty(name = "songprint.api-keys.seed-client-keys") Optional<List<String>> clientSeeds,
            @ConfigProperty(name = "songprint.api-keys.seed-user-keys") Optional<List<String>> userSeeds) {
        super(clientSeeds, userSeeds);
    }

    @Incoming("applications")
    public void onKeyState(ConsumerRecord<String, ApiKeyEvent> record) {
        apply(record);
    }
}
