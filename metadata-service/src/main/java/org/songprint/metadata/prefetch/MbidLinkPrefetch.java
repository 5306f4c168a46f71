package org.songprint.metadata.prefetch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.songprint.common.event.MbidLinkEvent;
import org.songprint.metadata.provider.ProviderThrottle;
import org.songprint.metadata.recording.RecordingService;

/**
 * Warms the cache for MBIDs newly linked to tracks ({@code mbid-links}), so the first lookup that
 * shows them already finds their metadata. Fetches go through the shared provider rate like any
 * other; a redelivered event finds the recording cached and changes nothing. A fetch that fails
 * (provider down) is skipped: the first lookup that needs the recording fetches it then.
 *
 * <p>Prefetching only uses spare provider capacity: while the provider's queue is longer than
 * {@code songprint.prefetch.max-provider-queue}, or for {@code songprint.prefetch.pause-after-failure}
 * after a fetch failed (provider down, circuit open), links are skipped without touching the
 * database, Redis or the provider. A burst of submissions (MusicBrainz allows one request a second)
 * then neither costs CPU per link nor queues lookups' own fetches behind prefetches.
 */
@ApplicationScoped
public class MbidLinkPrefetch {

    private static final Logger LOG = Logger.getLogger(MbidLinkPrefetch.class);

    private final RecordingService recordings;
    private final ProviderThrottle throttle;
    private final Duration maxProviderQueue;
    private final Duration pauseAfterFailure;
    private final Counter skipped;

    public MbidLinkPrefetch(RecordingService recordings, ProviderThrottle throttle, MeterRegistry metrics,
            PrefetchConfig config) {
        this.recordings = recordings;
        this.throttle = throttle;
        this.maxProviderQueue = config.maxProviderQueue();
        this.pauseAfterFailure = config.pauseAfterFailure();
        this.skipped = metrics.counter("songprint.metadata.prefetch.skipped");
    }

    @Incoming("mbid-links")
    public Uni<Void> onLink(MbidLinkEvent event) {
        if (event == null || event.mbid() == null) {
            return Uni.createFrom().voidItem();
        }
        Duration sinceFailure = recordings.sinceLastFetchFailure();
        if (throttle.queued().compareTo(maxProviderQueue) > 0
                || (sinceFailure != null && sinceFailure.compareTo(pauseAfterFailure) < 0)) {
            skipped.increment();
            return Uni.createFrom().voidItem();
        }
        return recordings.warm(event.mbid())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("prefetch of recording %s failed: %s", event.mbid(), failure.getMessage());
                    return null;
                });
    }
}
