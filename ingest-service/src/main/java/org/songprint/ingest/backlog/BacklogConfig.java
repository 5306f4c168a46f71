package org.songprint.ingest.backlog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The backlog measurement ({@code songprint.backlog.*}): GET /internal/backlog and the songprint_backlog_* gauges. */
@ConfigMapping(prefix = "songprint.backlog")
public interface BacklogConfig {

    /** How often the gauges are refreshed (default 15s); read by {@link BacklogMetrics}'s schedule. */
    @WithDefault("15s")
    String measureEvery();

    /** The importers' consumer group, whose lag on the submissions topic is measured (default fingerprint-importer). */
    @WithDefault("fingerprint-importer")
    String importerGroup();
}
