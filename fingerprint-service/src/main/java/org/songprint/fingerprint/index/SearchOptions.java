package org.songprint.fingerprint.index;

/**
 * How to search.
 *
 * @param duration        the query's duration in seconds; with {@code maxDurationDiff} it bounds the
 *                        stored fingerprints' lengths, applied before candidates are cut
 * @param maxDurationDiff allowed length difference in seconds, or negative for no duration filter
 * @param minScore        lowest compare2 score kept
 * @param candidates      how many candidates (by shared terms) are scored
 * @param limit           most matches returned
 */
public record SearchOptions(int duration, int maxDurationDiff, float minScore, int candidates, int limit) {

    /** AcoustID's lookup: ±7 s by default, scores above 0.4, 10 results. */
    public static SearchOptions lookup(int duration, int maxDurationDiff, int candidates) {
        return new SearchOptions(duration, maxDurationDiff, 0.4f, candidates, candidates);
    }

    /** Whether stored lengths are bounded by the duration window. */
    public boolean filtersDuration() {
        return maxDurationDiff >= 0 && duration > 0;
    }

    /** Whether a stored fingerprint {@code length} seconds long lies in the duration window (any does without one). */
    public boolean admits(long length) {
        return !filtersDuration() || Math.abs(length - duration) <= maxDurationDiff;
    }

    /**
     * How close a stored fingerprint's length (seconds) is to the query's duration, the tie-break among
     * candidates with equal hits: 255 for the same length, one less per second apart, at least 0. It
     * is 0 for every candidate when no duration window applies (an excerpt's duration says nothing of
     * the whole recording's length).
     */
    public int closeness(long length) {
        return filtersDuration() ? 255 - (int) Math.min(255, Math.abs(length - duration)) : 0;
    }

    /**
     * Fewest shared terms a candidate needs: fingerprints sharing a single term with a long query are
     * noise; very short queries have few terms to share at all.
     */
    public static int minHits(int queryTerms) {
        return queryTerms >= 40 ? 2 : 1;
    }
}
