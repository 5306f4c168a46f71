package org.songprint.fingerprint.housekeeping;

import io.smallrye.config.ConfigMapping;
import org.songprint.common.housekeeping.HousekeepingSettings;

/** Scheduled upkeep of the fingerprint database ({@code songprint.housekeeping.*}): {@link CatalogueHousekeeping}. */
@ConfigMapping(prefix = "songprint.housekeeping")
public interface HousekeepingConfig extends HousekeepingSettings {
}
