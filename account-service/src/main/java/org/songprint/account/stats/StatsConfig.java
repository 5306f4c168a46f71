package org.songprint.account.stats;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The usage statistics' settings ({@code songprint.stats.*}). */
@ConfigMapping(prefix = "songprint.stats")
public interface StatsConfig {

    /**
     * Tries a batch of lookup or submission events gets when it fails for another reason than an outage
     * (default 3); then its events are counted one at a time and one that fails alone is parked.
     */
    @WithDefault("3")
    int maxAttempts();

    /** How often the top contributors are recomputed (default 10m), by a schedule of {@link SubmissionStatsConsumer}. */
    @WithDefault("10m")
    String topAccountsEvery();

    /**
     * How often the event ids kept to count each event once are pruned (default 1h); read by the schedule
     * of {@link StatsEventCleanup}.
     */
    @WithDefault("1h")
    String cleanupEvery();
}
