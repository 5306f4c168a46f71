package org.songprint.ingest.housekeeping;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.songprint.common.housekeeping.HousekeepingSettings;

/** Scheduled upkeep of the ingest database ({@code songprint.housekeeping.*}), see {@link SubmissionCleanup}. */
@ConfigMapping(prefix = "songprint.housekeeping")
public interface HousekeepingConfig extends HousekeepingSettings {

    /** Days a handled submission (and its outcome) is kept (default 30). */
    @WithDefault("30")
    int handledRetentionDays();
}
