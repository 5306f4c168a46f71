package org.songprint.metadata.prefetch;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.songprint.common.event.MbidLinkEvent;
import org.songprint.metadata.recording.RecordingService;

/**
 * Warms the cache for MBIDs newly linked to tracks ({@code mbid-links}), so the first lookup that
 * shows them already finds their metadata. Fetches go through the shared provider rate like any
 * other; a redelivered event finds the recording cached and changes nothing. A fetch that fails
 * (provider down) is skipped: the first lookup that needs the recording fetches it then.
 */
@ApplicationScoped
public class MbidLinkPrefetch {

    private static final Logger LOG = Logger.getLogger(MbidLinkPrefetch.class);

    private final RecordingService recordings;

    public MbidLinkPrefetch(RecordingService recordings) {
        this.recordings = recordings;
    }

    @Incoming("mbid-links")
    public Uni<Void> onLink(MbidLinkEvent event) {
        if (event == null || event.mbid() == null) {
            return Uni.createFrom().voidItem();
        }
        return recordings.warm(event.mbid())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("prefetch of recording %s failed: %s", event.mbid(), failure.getMessage());
                    return null;
                });
    }
}
