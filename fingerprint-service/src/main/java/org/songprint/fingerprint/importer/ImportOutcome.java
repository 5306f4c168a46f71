package org.songprint.fingerprint.importer;

import java.util.List;
import java.util.UUID;
import org.songprint.common.event.SubmissionResultEvent.Status;
import org.songprint.fingerprint.index.IndexedFingerprint;

/**
 * What importing one submission did.
 *
 * @param indexed   the fingerprint the index must hold after this import (a new one, or the stored
 *                  one when a redelivered submission is found already imported), or null
 * @param newMbids  MBIDs this import linked to the track for the first time
 */
record ImportOutcome(long submissionId, Status status, Integer trackId, UUID trackGid, Integer fingerprintId,
        IndexedFingerprint indexed, List<UUID> newMbids, String reason) {

    static ImportOutcome rejected(long submissionId, String reason) {
        return new ImportOutcome(submissionId, Status.REJECTED, null, null, null, null, List.of(), reason);
    }

    /** A redelivered submission found imported: the fingerprint it landed on (for the index), no new MBIDs. */
    static ImportOutcome importedBefore(long submissionId, TrackFingerprint landedOn) {
        return new ImportOutcome(submissionId, Status.IMPORTED, landedOn.trackId(), landedOn.trackGid(), landedOn.id(),
                new IndexedFingerprint(landedOn.id(), landedOn.length(), landedOn.hashes()), List.of(), null);
    }
}
