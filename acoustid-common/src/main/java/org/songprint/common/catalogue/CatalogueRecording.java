package org.songprint.common.catalogue;

import java.util.List;
import java.util.UUID;

/**
 * Every track linked to a MusicBrainz recording ({@code GET /internal/catalogue/mbid/MBID}), and the
 * recording's name from MusicBrainz (null when metadata-service does not know it or cannot answer now).
 */
public record CatalogueRecording(UUID mbid, RecordingName name, List<Link> tracks) {

    public CatalogueRecording named(RecordingName found) {
        return new CatalogueRecording(mbid, found, tracks);
    }

    /** A track's link to the recording: its sources, and whether the link or the track is disabled. */
    public record Link(UUID track, int sources, boolean disabled) {
    }
}
