package org.songprint.fingerprint.stats;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.event.LookupEvent;
import org.songprint.common.ratelimit.Caller;

/**
 * Counts looked-up fingerprints (hit when a track was found) per application, user agent, client
 * IP and hour, and publishes the counts as one {@code lookups} event per flush interval, which
 * account-service turns into per-application statistics. One event per lookup cost a Kafka record,
 * a broker write and a recorded event id for every lookup: about a fifth of the lookup path's CPU.
 *
 * <p>Best effort by design: a lookup never waits for Kafka nor fails because of it; when the broker
 * is away and the buffer is full, events are dropped and counted
 * ({@code songprint.lookup.events{outcome=dropped}}). Counts not yet flushed are sent at shutdown;
 * a killed process loses at most one interval of counts, as it lost the unsent records before.
 */
@ApplicationScoped
public class LookupEvents {

    private static final int MAX_USER_AGENT = 1000;
    /** Keeps one event well under Kafka's default 1 MB record limit. */
    static final int MAX_TALLIES_PER_EVENT = 1000;

    private final Emitter<LookupEvent> emitter;
    private final MeterRegistry metrics;
    private Map<TallyKey, int[]> pending = new HashMap<>(); // guarded by this

    public LookupEvents(@Channel("lookups") @OnOverflow(value = OnOverflow.Strategy.DROP) Emitter<LookupEvent> emitter,
            MeterRegistry metrics) {
        this.emitter = emitter;
        this.metrics = metrics;
    }

    public void answered(ApiKeyEvent application, Caller caller, boolean hit) {
        if (application == null || application.applicationId() == null) {
            return;
        }
        String userAgent = caller.userAgent() == null ? "" : caller.userAgent();
        TallyKey key = new TallyKey(application.applicationId(), Instant.now().truncatedTo(ChronoUnit.HOURS),
                userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent, caller.ip());
        synchronized (this) {
            pending.computeIfAbsent(key, k -> new int[2])[hit ? 0 : 1]++;
        }
    }

    // delayed: fired while the service was still starting, the first flush created this bean before
    // messaging had wired the channel, which failed with an error in every start's log; counts made
    // meanwhile wait in pending for the first flush
    @Scheduled(every = "${songprint.lookup-stats.flush-interval:1s}", delayed = "${songprint.lookup-stats.flush-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        Map<TallyKey, int[]> drained;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            drained = pending;
            pending = new HashMap<>();
        }
        List<LookupEvent.Tally> tallies = new ArrayList<>(drained.size());
        drained.forEach((key, counts) -> tallies.add(
                new LookupEvent.Tally(key.applicationId(), key.hour(), key.userAgent(), key.ip(), counts[0], counts[1])));
        Instant now = Instant.now();
        for (int from = 0; from < tallies.size(); from += MAX_TALLIES_PER_EVENT) {
            send(new LookupEvent(LookupEvent.SCHEMA_VERSION, UUID.randomUUID(), now,
                    List.copyOf(tallies.subList(from, Math.min(tallies.size(), from + MAX_TALLIES_PER_EVENT)))));
        }
    }

    void onShutdown(@Observes ShutdownEvent shutdown) {
        flush();
    }

    private void send(LookupEvent event) {
        try {
            emitter.send(event).whenComplete((done, failure) ->
                    metrics.counter("songprint.lookup.events", "outcome", failure == null ? "sent" : "failed").increment());
        } catch (RuntimeException overflowOrClosed) {
            metrics.counter("songprint.lookup.events", "outcome", "dropped").increment();
        }
    }

    private record TallyKey(int applicationId, Instant hour, String userAgent, String ip) {
    }
}
