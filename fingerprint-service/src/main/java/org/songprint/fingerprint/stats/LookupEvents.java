package org.songprint.fingerprint.stats;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.event.LookupEvent;
import org.songprint.common.ratelimit.Caller;

/**
 * Publishes one {@code lookups} event per looked-up fingerprint (hit when it found a track), which
 * account-service turns into per-application statistics. Best effort by design: a lookup never
 * waits for Kafka nor fails because of it; when the broker is away and the buffer is full, events
 * are dropped and counted ({@code songprint.lookup.events{outcome=dropped}}).
 */
@ApplicationScoped
public class LookupEvents {

    private static final int MAX_USER_AGENT = 1000;

    private final Emitter<LookupEvent> emitter;
    private final MeterRegistry metrics;

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
        LookupEvent event = new LookupEvent(LookupEvent.SCHEMA_VERSION, UUID.randomUUID(), application.applicationId(), hit,
                userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent,
                caller.ip(), Instant.now());
        try {
            emitter.send(event).whenComplete((done, failure) ->
                    metrics.counter("songprint.lookup.events", "outcome", failure == null ? "sent" : "failed").increment());
        } catch (RuntimeException overflowOrClosed) {
            metrics.counter("songprint.lookup.events", "outcome", "dropped").increment();
        }
    }
}
