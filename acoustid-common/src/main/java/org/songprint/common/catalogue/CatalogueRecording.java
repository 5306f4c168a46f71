package org.songprint.common.catalogue;

import java.util.List;
import java.util.UUID;

/** Every track linked to a MusicBrainz recording ({@code GET /internal/catalogue/mbid/MBID}). */
public record CatalogueRecording(UUID mbid, List<Link> tracks) {

    /** A track's link to the recording: its sources, and whether the link or the track is disabled. */
    public record Link(UUID track, int sources, boolean disabled) {
    }
}
