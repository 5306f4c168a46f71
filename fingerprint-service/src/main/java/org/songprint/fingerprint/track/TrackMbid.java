package org.songprint.fingerprint.track;

import java.util.UUID;

/** A MusicBrainz recording linked to a track, with how many submissions linked it. */
public record TrackMbid(UUID mbid, int submissionCount, boolean disabled) {
}
