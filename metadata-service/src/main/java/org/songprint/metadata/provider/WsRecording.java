package org.songprint.metadata.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A MusicBrainz ws/2 recording as {@code GET /ws/2/recording/<mbid>?inc=artists+releases+release-groups+isrcs+media}
 * returns it (JSON). Only the fields the cache keeps; unknown fields are ignored, missing ones are null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WsRecording(
        String id,
        String title,
        Integer length,
        String disambiguation,
        Boolean video,
        List<String> isrcs,
        @JsonProperty("artist-credit") List<Credit> artistCredit,
        List<Release> releases) {

    public List<String> isrcsOrEmpty() {
        return isrcs == null ? List.of() : isrcs;
    }

    public List<Release> releasesOrEmpty() {
        return releases == null ? List.of() : releases;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Credit(String name, String joinphrase, Artist artist) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Artist(
            String id,
            String name,
            @JsonProperty("sort-name") String sortName,
            String disambiguation,
            String type,
            String country) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Release(
            String id,
            String title,
            String status,
            String date,
            String country,
            String barcode,
            String disambiguation,
            @JsonProperty("release-events") List<ReleaseEvent> releaseEvents,
            @JsonProperty("release-group") ReleaseGroup releaseGroup,
            @JsonProperty("artist-credit") List<Credit> artistCredit,
            @JsonProperty("track-count") Integer trackCount,
            List<Medium> media) {

        public List<Medium> mediaOrEmpty() {
            return media == null ? List.of() : media;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReleaseEvent(String date, Area area) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Area(String id, String name, @JsonProperty("iso-3166-1-codes") List<String> iso31661Codes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReleaseGroup(
            String id,
            String title,
            @JsonProperty("primary-type") String primaryType,
            @JsonProperty("secondary-types") List<String> secondaryTypes,
            String disambiguation,
            @JsonProperty("artist-credit") List<Credit> artistCredit) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Medium(
            String id,
            Integer position,
            String format,
            String title,
            @JsonProperty("track-count") Integer trackCount,
            List<Track> tracks) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Track(
            String id,
            Integer position,
            String number,
            String title,
            Integer length,
            @JsonProperty("artist-credit") List<Credit> artistCredit) {
    }
}
