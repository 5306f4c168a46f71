package org.songprint.fingerprint.index;

import java.util.ArrayList;
import java.util.List;

/** A stored fingerprint a search found, and how well it matched. */
public interface RankedMatch {

    long fingerprintId();

    float score();

    /** The best {@code limit} of {@code matches}: highest score first, then lowest id. */
    static <T extends RankedMatch> List<T> best(List<T> matches, int limit) {
        matches.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score())
                : Long.compare(a.fingerprintId(), b.fingerprintId()));
        return matches.size() > limit ? new ArrayList<>(matches.subList(0, limit)) : matches;
    }
}
