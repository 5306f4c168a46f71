package org.songprint.common.catalogue;

/** A MusicBrainz recording as the catalogue pages name it: title, credited artist, length in seconds (or null). */
public record RecordingName(String title, String artist, Integer length) {
}
