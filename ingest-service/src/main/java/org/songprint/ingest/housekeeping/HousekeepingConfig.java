package org.songprint.ingest.housekeeping;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Scheduled upkeep of the ingest database ({@code songprint.housekeeping.*}), see {@link SubmissionCleanup}. */
@ConfigMapping(prefix = "songprint.housekeeping")
public interface HousekeepingConfig {

    /** Days a handled submission (and its outcome) is kept (default 30). */
    @WithDefault("30")
    int handledRetentionDays();

    /** Rows deleted per statement (default 5000), so no statement holds locks for long. */
    @WithDefault("5000")
    int chunk();

    /** How often the upkeep runs (default 1h); read by {@link SubmissionCleanup}'s schedule. */
    @WithDefault("1h")
    String every();

    /** How long after start the first run waits (default 5m); read by {@link SubmissionCleanup}'s schedule. */
    @WithDefault("5m")
    String delay();
}
