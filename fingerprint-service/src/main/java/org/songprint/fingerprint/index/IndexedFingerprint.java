package org.songprint.fingerprint.index;

/** A fingerprint as the index holds it: id, duration in seconds and the raw items. */
public record IndexedFingerprint(long id, int length, int[] hashes) {
}
