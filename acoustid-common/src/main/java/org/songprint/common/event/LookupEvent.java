package org.songprint.common.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Lookups answered by one fingerprint-service replica since its previous event (topic
 * {@link Topics#LOOKUPS}): hits and misses per application, user agent, client IP and hour. A
 * replica sends one event per flush interval rather than one per lookup, so the statistics cost
 * one record and one recorded {@code eventId} per interval however busy the API is; statistics
 * count each {@code eventId} once. Schema 1 (one event per lookup) is no longer written.
 */
public record LookupEvent(
        int schemaVersion,
        UUID eventId,
        Instant time,
        List<Tally> tallies) implements Event {

    public static final int SCHEMA_VERSION = 2;

    /** Lookups of one application from one user agent and IP within the hour starting at {@code hour}. */
    public record Tally(int applicationId, Instant hour, String userAgent, String ip, int hits, int misses) {
    }
}
