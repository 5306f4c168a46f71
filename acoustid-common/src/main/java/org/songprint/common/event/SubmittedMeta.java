package org.songprint.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Text metadata a client sent with a submission (all fields optional). */
public record SubmittedMeta(
        String track,
        String artist,
        String album,
        String albumArtist,
        Integer trackNo,
        Integer discNo,
        Integer year) {

    /** Whether any field is present; AcoustID drops submissions without MBID, PUID or metadata. */
    @JsonIgnore
    public boolean isEmpty() {
        return track == null && artist == null && album == null && albumArtist == null
                && trackNo == null && discNo == null && year == null;
    }
}
