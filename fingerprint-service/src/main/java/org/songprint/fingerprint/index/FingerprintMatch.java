package org.songprint.fingerprint.index;

/** A stored fingerprint that matched: its id, duration, shared query terms and compare2 score. */
public record FingerprintMatch(long fingerprintId, int length, int hits, float score) implements RankedMatch {
}
