package org.songprint.common.apikey;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ApiEndpoint;
import org.songprint.common.api.ApiParams;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.Caller;

/**
 * Base of a service's feed from the {@code applications} topic into its {@link ApiKeyReplica}, with
 * seeds from configuration (development and tests only) and the key checks. A service extends it
 * with one {@code @Incoming("applications")} method calling {@link #apply}, so the channel is
 * declared only where it is configured. It remembers how far it has applied each partition, which
 * {@link ApiKeyReplayCheck} compares with the topic's end at start.
 */
public abstract class ApiKeyFeed {

    /** The channel every service feeds its replica from. */
    public static final String CHANNEL = "applications";

    private final ApiKeyReplica replica = new ApiKeyReplica();
    private final ConcurrentHashMap<Integer, Long> appliedNext = new ConcurrentHashMap<>();
    private volatile long lastAppliedNanos = System.nanoTime();

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

    /** An endpoint's call answered once its application key ({@code client}) is known to be valid. */
    @FunctionalInterface
    public interface ClientCall {
        Uni<? extends ApiAnswer> answer(ApiKeyEvent application, ApiParams params, Caller caller);
    }

    /**
     * An endpoint's answerer that checks the application key before any other parameter is read,
     * in AcoustID's order, so a call without a valid key learns that first.
     */
    public ApiEndpoint.Answerer afterClientKey(ClientCall call) {
        return (params, caller) -> call.answer(requireClient(params.first("client")), params, caller);
    }

    /** Applies one record of the topic (a null value is a tombstone; so is a value that could not be read). */
    protected void apply(ConsumerRecord<String, ApiKeyEvent> record) {
        replica.apply(record.key(), record.value());
        appliedNext.merge(record.partition(), record.offset() + 1, Math::max);
        lastAppliedNanos = System.nanoTime();
    }

    /** The offset after the last record applied from {@code partition} (0 when none). */
    long appliedNext(int partition) {
        return appliedNext.getOrDefault(partition, 0L);
    }

    /** Nanoseconds since a record was last applied (or since the feed was made). */
    long nanosSinceLastApplied() {
        return System.nanoTime() - lastAppliedNanos;
    }
}
