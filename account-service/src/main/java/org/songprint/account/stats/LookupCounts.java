package org.songprint.account.stats;

import java.time.Instant;

/** Lookups of one application in one period (an hour or a day) starting at {@code start}. */
public record LookupCounts(Instant start, long hits, long misses) {

    public long total() {
        return hits + misses;
    }
}
