package org.songprint.common.catalogue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A track as the catalogue pages show it, read from fingerprint-service's internal catalogue API
 * ({@code GET /internal/catalogue/track/GID}). A merged track carries only {@code mergedInto}, the
 * track its fingerprints and links now belong to.
 */
public record CatalogueTrack(UUID gid, OffsetDateTime created, boolean disabled, UUID mergedInto,
        List<Fingerprint> fingerprints, List<Recording> recordings, List<Puid> puids, List<ForeignId> foreignIds,
        List<Metadata> metadata) {

    /** A list the page has nothing in may be left out (null): it is read as empty. */
    public CatalogueTrack {
        fingerprints = fingerprints == null ? List.of() : fingerprints;
        recordings = recordings == null ? List.of() : recordings;
        puids = puids == null ? List.of() : puids;
        foreignIds = foreignIds == null ? List.of() : foreignIds;
        metadata = metadata == null ? List.of() : metadata;
    }

    /** A fingerprint of the track: its length in seconds and how many submissions brought it. */
    public record Fingerprint(int id, int length, OffsetDateTime created, int sources) {
    }

    /**
     * An MBID link: how many submissions made it, whether it is disabled, and its latest change by a
     * user or an operator (null when it never changed); its name from MusicBrainz (null when
     * metadata-service does not know the recording or cannot answer now).
     */
    public record Recording(UUID mbid, int sources, boolean disabled, Change change, RecordingName name) {

        public Recording named(RecordingName found) {
            return new Recording(mbid, sources, disabled, change, found);
        }
    }

    public CatalogueTrack withRecordings(List<Recording> named) {
        return new CatalogueTrack(gid, created, disabled, mergedInto, fingerprints, named, puids, foreignIds, metadata);
    }

    /** A link disabled or enabled again by {@code account} (0: an operator), with the note they left. */
    public record Change(int account, boolean disabled, OffsetDateTime created, String note) {
    }

    public record Puid(UUID puid, int sources) {
    }

    /** A foreign id, {@code vendor:name} as submitted. */
    public record ForeignId(String vendor, String name, int sources) {
    }

    /** Submitted tags (AcoustID's track_meta), shown when a recording has none of its own. */
    public record Metadata(String title, String artist, String album, int sources) {
    }
}
