package org.songprint.fingerprint.importer;

/** AcoustID's import thresholds (acoustid-server's const.py), named for what they decide. */
final class ImportRules {

    /** Fingerprints with fewer distinct items are mostly silence or noise and are not imported. */
    static final int MIN_UNIQUE_ITEMS = 80;
    /** A stored fingerprint must score at least this to make its track a candidate. */
    static final float TRACK_MATCH_THRESHOLD = 0.75f;
    /** Every fingerprint of a candidate track must score at least this against the new one. */
    static final float TRACK_GROUP_THRESHOLD = 0.4f;
    /** Above this the submission is the same fingerprint: it is counted again instead of stored. */
    static final float FINGERPRINT_REUSE_THRESHOLD = 0.9f;
    /** Largest length difference, in seconds, between a submission and a track's fingerprints. */
    static final int MAX_LENGTH_DIFF = 7;
    /** Tracks considered per submission (best fingerprint per track, best first). */
    static final int MAX_CANDIDATE_TRACKS = 20;

    private ImportRules() {
    }
}
