package org.songprint.fingerprint.apikey;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.songprint.common.api.ApiException;
import org.songprint.common.apikey.ApiKeyReplica;
import org.songprint.common.event.ApiKeyEvent;

/**
 * Client-key checks of this service, against its replica of the {@code applications} topic (replayed
 * from the start on every boot). Seed keys from configuration serve development and tests, before
 * any account exists; production configures none.
 */
@ApplicationScoped
public class ApiKeys {

    private final ApiKeyReplica replica = new ApiKeyReplica();

    public ApiKeys(@ConfigProperty(name = "songprint.api-keys.seed-client-keys") Optional<List<String>> seeds) {
        seeds.orElse(List.of()).forEach(key -> replica.apply(key,
                new ApiKeyEvent(ApiKeyEvent.SCHEMA_VERSION, key, ApiKeyEvent.KeyType.CLIENT, 0, 0, true, null, Instant.EPOCH)));
    }

    @Incoming("applications")
    public void onKeyState(ConsumerRecord<String, ApiKeyEvent> record) {
        replica.apply(record.key(), record.value());
    }

    /** The application of a client key: error 2 when missing, error 4 when unknown or inactive. */
    public ApiKeyEvent requireClient(String clientKey) {
        if (clientKey == null || clientKey.isBlank()) {
            throw ApiException.missingParameter("client");
        }
        return replica.client(clientKey.strip()).orElseThrow(ApiException::invalidApiKey);
    }

    public int size() {
        return replica.size();
    }
}
