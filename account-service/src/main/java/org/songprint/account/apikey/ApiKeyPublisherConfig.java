package org.songprint.account.apikey;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where and how often API key changes are published ({@code songprint.api-keys.*}), see {@link ApiKeyPublisher}. */
@ConfigMapping(prefix = "songprint.api-keys")
public interface ApiKeyPublisherConfig {

    /** The compacted topic the public services replay their key replicas from (default "applications"). */
    @WithDefault("applications")
    String topic();

    /** How often the outbox of key changes is read when nothing woke the publisher, in ms (default 500). */
    @WithDefault("500")
    long publishIntervalMs();
}
