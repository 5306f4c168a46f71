package org.songprint.fingerprint.index;

import java.util.ArrayList;
import java.util.List;

/**
 * A stored fingerprint an excerpt was found in: its id, the clip's score against it (see
 * {@code docs/fingerprint-index.md}, "Excerpts") and the item of the stored fingerprint where the
 * clip begins.
 */
public record ExcerptMatch(long fingerprintId, float score, int offset) {

    /** Seconds of audio per Chromaprint item: a hop of 1365 samples at 11,025 Hz. */
    public static final double ITEM_SECONDS = 1365.0 / 11025.0;

    /** Where the clip begins in the stored fingerprint's audio, in seconds, to the hundredth. */
    public double offsetSeconds() {
        return Math.round(offset * ITEM_SECONDS * 100) / 100.0;
    }

    /** The best {@code limit} of {@code matches}: highest score first, then lowest id. */
    public static List<ExcerptMatch> best(List<ExcerptMatch> matches, int limit) {
        matches.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score())
                : Long.compare(a.fingerprintId(), b.fingerprintId()));
        return matches.size() > limit ? new ArrayList<>(matches.subList(0, limit)) : matches;
    }
}
