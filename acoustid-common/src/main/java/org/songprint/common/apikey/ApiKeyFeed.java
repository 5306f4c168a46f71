package org.songprint.common.apikey;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.songprint.common.event.ApiKeyEvent;

/**
 * Base of a service's feed from the {@code applications} topic into its {@link ApiKeyReplica}, with
 * seeds from configuration (development and tests only) and the key checks. A service extends it
 * with one {@code @Incoming("applications")} method calling {@link #apply}, so the channel is
 * declared only where it is configured.
 */
public abstract class ApiKeyFeed {

    private final ApiKeyReplica replica = new ApiKeyReplica();

    protected ApiKeyFeed(Optional<List<String>> clientSeeds, Optional<List<String>> userSeeds) {
        replica.seedClientKeys(clientSeeds.orElse(List.of()));
        replica.seedUserKeys(userSeeds.orElse(List.of()));
    }

    /** See {@link ApiKeyReplica#requireClient}. */
    public ApiKeyEvent requireClient(String clientKey) {
        return replica.requireClient(clientKey);
    }

    /** See {@link ApiKeyReplica#requireUser}. */
    public ApiKeyEvent requireUser(String userKey) {
        return replica.requireUser(userKey);
    }

    /** Applies one record of the topic (a null value is a tombstone). */
    protected void apply(ConsumerRecord<String, ApiKeyEvent> record) {
        replica.apply(record.key(), record.value());
    }
}
