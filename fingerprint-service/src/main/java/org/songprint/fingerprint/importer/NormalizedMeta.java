package org.songprint.fingerprint.importer;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.songprint.common.event.SubmittedMeta;

/**
 * User-submitted text metadata as stored in {@code meta}: whitespace runs and NULs collapsed to one
 * space, trimmed, cut to the column size, empty fields dropped; identical metadata gets the same
 * content-hash {@code gid}, so it is stored once.
 */
record NormalizedMeta(String track, String artist, String album, String albumArtist, Integer trackNo,
        Integer discNo, Integer year, UUID gid) {

    private static final Pattern SPACES = Pattern.compile("[\\s\\x00]+");
    private static final int MAX_TEXT = 255;

    /** The normalised form, or null when nothing is left. */
    static NormalizedMeta of(SubmittedMeta meta) {
        if (meta == null) {
            return null;
        }
        String track = text(meta.track());
        String artist = text(meta.artist());
        String album = text(meta.album());
        String albumArtist = text(meta.albumArtist());
        Integer trackNo = positive(meta.trackNo());
        Integer discNo = positive(meta.discNo());
        Integer year = positive(meta.year());
        if (track == null && artist == null && album == null && albumArtist == null && trackNo == null
                && discNo == null && year == null) {
            return null;
        }
        // A field separator that cannot occur in normalised text keeps ("ab", "c") apart from ("a", "bc").
        String canonical = String.join("\u0001", String.valueOf(track), String.valueOf(artist), String.valueOf(album),
                String.valueOf(albumArtist), String.valueOf(trackNo), String.valueOf(discNo), String.valueOf(year));
        UUID gid = UUID.nameUUIDFromBytes(canonical.getBytes(StandardCharsets.UTF_8));
        return new NormalizedMeta(track, artist, album, albumArtist, trackNo, discNo, year, gid);
    }

    private static String text(String value) {
        if (value == null) {
            return null;
        }
        String collapsed = SPACES.matcher(value).replaceAll(" ").strip();
        if (collapsed.isEmpty()) {
            return null;
        }
        if (collapsed.length() > MAX_TEXT) {
            int end = MAX_TEXT;
            if (Character.isHighSurrogate(collapsed.charAt(end - 1))) {
                end--; // never split a surrogate pair
            }
            collapsed = collapsed.substring(0, end).strip();
        }
        return collapsed;
    }

    private static Integer positive(Integer value) {
        return value == null || value <= 0 ? null : value;
    }
}
