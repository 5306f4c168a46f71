package org.songprint.fingerprint.dump;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What a replica does after a catalogue import ({@code songprint.catalogue-import.*}): {@link ImportFollowUp}. */
@ConfigMapping(prefix = "songprint.catalogue-import")
public interface ImportFollowUpConfig {

    /** How often a replica looks for an import that has not been followed up. */
    @WithDefault("10s")
    Duration checkEvery();

    /**
     * Imported MBID links sent for metadata prefetch per second. MusicBrainz answers one request a
     * second, and metadata-service skips prefetches while its provider queue is long, so a faster
     * rate only pays where the provider is a mirror of one's own.
     */
    @WithDefault("1")
    int prefetchPerSecond();
}
