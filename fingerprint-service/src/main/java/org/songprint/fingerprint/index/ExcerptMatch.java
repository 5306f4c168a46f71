package org.songprint.fingerprint.index;

import org.songprint.common.chromaprint.FingerprintComparator;

/**
 * A stored fingerprint an excerpt was found in: its id, the clip's score against it (see
 * {@code docs/fingerprint-index.md}, "Excerpts") and the item of the stored fingerprint where the
 * clip begins.
 */
public record ExcerptMatch(long fingerprintId, float score, int offset) implements RankedMatch {

    /** Seconds of audio per Chromaprint item: a hop of 1365 samples at 11,025 Hz. */
    public static final double ITEM_SECONDS = FingerprintComparator.ITEM_SECONDS;

    /** Where the clip begins in the stored fingerprint's audio, in seconds, to the hundredth. */
    public double offsetSeconds() {
        return Math.round(offset * ITEM_SECONDS * 100) / 100.0;
    }
}
