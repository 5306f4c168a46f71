package org.songprint.fingerprint.index;

import java.util.ArrayList;
import java.util.List;

/** A stored fingerprint that matched: its id, duration, shared query terms and compare2 score. */
public record FingerprintMatch(long fingerprintId, int length, int hits, float score) {

    /** The best {@code limit} of {@code matches}: highest score first, then lowest id. */
    public static List<FingerprintMatch> best(List<FingerprintMatch> matches, int limit) {
        matches.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score())
                : Long.compare(a.fingerprintId(), b.fingerprintId()));
        return matches.size() > limit ? new ArrayList<>(matches.subList(0, limit)) : matches;
    }
}
