package org.songprint.fingerprint.importer;

import java.util.UUID;

/** A stored fingerprint with its (live) track, as the import's track acceptance check reads it. */
record TrackFingerprint(int id, int trackId, UUID trackGid, int length, int[] hashes) {
}
