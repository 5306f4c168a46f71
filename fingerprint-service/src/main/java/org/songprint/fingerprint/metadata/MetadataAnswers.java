package org.songprint.fingerprint.metadata;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The MusicBrainz metadata of a lookup result as AcoustID writes it. A null component is left out of
 * the answer, as AcoustID leaves out NULL columns and the fields {@code compress} drops.
 */
public final class MetadataAnswers {

    private MetadataAnswers() {
    }

    public record Artist(String id, String name, String joinphrase) {
    }

    /** A partial date; null instead of an empty one. */
    public record Date(Integer year, Integer month, Integer day) {
    }

    public record ReleaseEvent(String country, Date date) {
    }

    public record Track(String id, int position, String title, List<Artist> artists) {
    }

    public record Medium(int position, @JsonProperty("track_count") int trackCount, String format, String title,
            List<Track> tracks) {
    }

    /** A release; its first event's country and date are also its own. */
    public record Release(String id, String title, @JsonProperty("medium_count") Integer mediumCount,
            @JsonProperty("track_count") Integer trackCount, List<Artist> artists, List<ReleaseEvent> releaseevents,
            String country, Date date, List<Medium> mediums) {
    }

    public record ReleaseGroup(String id, String title, String type, List<String> secondarytypes, List<Artist> artists,
            List<Release> releases) {
    }

    public record Recording(String id, Integer sources, String title, Double duration, List<Artist> artists,
            List<String> isrcs, List<ReleaseGroup> releasegroups, List<Release> releases) {
    }

    /** The release groups or releases of all a track's recordings, when {@code recordings} is not asked for. */
    public record TrackReleases(List<ReleaseGroup> releasegroups, List<Release> releases) {

        public static final TrackReleases NONE = new TrackReleases(null, null);
    }
}
