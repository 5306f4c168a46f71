package org.songprint.ingest.submit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The transactional outbox of accepted submissions ({@code songprint.outbox.*}), see {@link OutboxRelay}. */
@ConfigMapping(prefix = "songprint.outbox")
public interface OutboxConfig {

    /** The topic accepted submissions are published to (default "submissions"); the backlog measures its lag too. */
    @WithDefault("submissions")
    String topic();

    /** Outbox rows published per round (default 500); a full round is followed by another at once. */
    @WithDefault("500")
    int batchSize();

    /** How often the relay looks for unsent rows when no submit woke it, in milliseconds (default 1000). */
    @WithDefault("1000")
    long idlePollMs();

    /** Times the broker may refuse a row (not an outage) before it is parked (default 3). */
    @WithDefault("3")
    int maxAttempts();
}
