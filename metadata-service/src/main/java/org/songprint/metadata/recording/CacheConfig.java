package org.songprint.metadata.recording;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The metadata cache ({@code songprint.cache.*} in application.yaml). */
@ConfigMapping(prefix = "songprint.cache")
public interface CacheConfig {

    /** after this a cached recording is stale: served, and refreshed in the background */
    @WithDefault("30d")
    Duration ttl();

    /** how long a 404 is remembered (Redis) */
    @WithDefault("1h")
    Duration unknownTtl();

    /** the most a GetRecordings call waits for the provider when the caller sets no deadline */
    @WithDefault("5s")
    Duration fetchBudget();

    /** after a failed fetch, callers are told "unavailable" at once for this long (no waiting) */
    @WithDefault("30s")
    Duration retryAfterFailure();

    /** MBIDs per GetRecordings call */
    @WithDefault("1000")
    int maxBatch();
}
