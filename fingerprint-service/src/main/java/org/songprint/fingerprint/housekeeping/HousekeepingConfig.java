package org.songprint.fingerprint.housekeeping;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Scheduled upkeep of the fingerprint database ({@code songprint.housekeeping.*}): {@link CatalogueHousekeeping}. */
@ConfigMapping(prefix = "songprint.housekeeping")
public interface HousekeepingConfig {

    /** Rows deleted per statement (default 5000), so no statement holds locks for long. */
    @WithDefault("5000")
    int chunk();

    /** How often the upkeep runs (default 1h); read by {@link CatalogueHousekeeping}'s schedule. */
    @WithDefault("1h")
    String every();

    /** How long after start the first run waits (default 5m); read by {@link CatalogueHousekeeping}'s schedule. */
    @WithDefault("5m")
    String delay();
}
