package org.songprint.metadata.prefetch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When newly linked MBIDs are prefetched ({@code songprint.prefetch.*}), see {@link MbidLinkPrefetch}. */
@ConfigMapping(prefix = "songprint.prefetch")
public interface PrefetchConfig {

    /** Links are skipped while the provider's queue is longer than this (default 2s): prefetching uses spare time. */
    @WithDefault("2s")
    Duration maxProviderQueue();

    /** Links are skipped for this long after a fetch failed (default 30s): provider down, circuit open. */
    @WithDefault("30s")
    Duration pauseAfterFailure();
}
