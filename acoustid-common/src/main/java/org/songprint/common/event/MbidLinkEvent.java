package org.songprint.common.event;

import java.time.Instant;
import java.util.UUID;

/** A MusicBrainz recording newly linked to a track (topic {@link Topics#MBID_LINKS}). */
public record MbidLinkEvent(
        int schemaVersion,
        UUID mbid,
        long trackId,
        UUID trackGid,
        Instant created) implements Event {

    public static final int SCHEMA_VERSION = 1;
}
