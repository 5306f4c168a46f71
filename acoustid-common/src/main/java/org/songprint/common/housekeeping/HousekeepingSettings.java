package org.songprint.common.housekeeping;

import io.smallrye.config.WithDefault;

/**
 * What every service's scheduled upkeep ({@code songprint.housekeeping.*}) is tuned by; each service's
 * own mapping extends it with what its upkeep alone needs.
 */
public interface HousekeepingSettings {

    /** Rows deleted per statement (default 5000), so no statement holds locks for long. */
    @WithDefault("5000")
    int chunk();

    /** How often the upkeep runs (default 1h); read by the upkeep's {@code @Scheduled} expression. */
    @WithDefault("1h")
    String every();

    /** How long after start the first run waits (default 5m); read by the same expression. */
    @WithDefault("5m")
    String delay();
}
