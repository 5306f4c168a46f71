package org.songprint.common.event;

import java.time.Instant;
import java.util.UUID;

/** One answered lookup (topic {@link Topics#LOOKUPS}); statistics count each {@code eventId} once. */
public record LookupEvent(
        int schemaVersion,
        UUID eventId,
        int applicationId,
        boolean hit,
        String userAgent,
        String ip,
        Instant time) implements Event {

    public static final int SCHEMA_VERSION = 1;
}
