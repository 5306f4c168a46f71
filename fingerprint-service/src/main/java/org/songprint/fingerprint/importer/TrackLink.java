package org.songprint.fingerprint.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.songprint.common.event.SubmissionEvent;

/** A value a submission links to its track; each kind has its own link and provenance tables. */
sealed interface TrackLink {

    /** A MusicBrainz recording id ({@code track_mbid}). */
    record Mbid(UUID mbid) implements TrackLink {
    }

    /** A MusicDNS PUID ({@code track_puid}). */
    record Puid(UUID puid) implements TrackLink {
    }

    /** Text metadata ({@code track_meta}), stored once per content hash. */
    record Meta(NormalizedMeta meta) implements TrackLink {
    }

    /** A {@code vendor:name} id ({@code track_foreignid}). */
    record Foreign(ForeignId foreignId) implements TrackLink {
    }

    /** The links a submission asks for, in table order; a nil UUID counts as none (AcoustID's rule). */
    static List<TrackLink> of(SubmissionEvent submission) {
        List<TrackLink> links = new ArrayList<>(4);
        if (isGiven(submission.mbid())) {
            links.add(new Mbid(submission.mbid()));
        }
        if (isGiven(submission.puid())) {
            links.add(new Puid(submission.puid()));
        }
        NormalizedMeta meta = NormalizedMeta.of(submission.meta());
        if (meta != null) {
            links.add(new Meta(meta));
        }
        ForeignId foreignId = ForeignId.parse(submission.foreignId());
        if (foreignId != null) {
            links.add(new Foreign(foreignId));
        }
        return links;
    }

    static boolean isGiven(UUID uuid) {
        return uuid != null && (uuid.getMostSignificantBits() != 0 || uuid.getLeastSignificantBits() != 0);
    }
}
