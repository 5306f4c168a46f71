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
 * @param minShareOfTop   percent of the best candidate's hits a candidate needs to be scored at all
 */
public record SearchOptions(int duration, int maxDurationDiff, float minScore, int candidates, int limit, int minShareOfTop) {

    /** AcoustID's index keeps candidates with at least a tenth of the best one's hits. */
    public static final int INDEX_SHARE_OF_TOP = 10;
    /**
     * AcoustID's lookups (its "fast mode") score only candidates with more than 40 % of the best
     * one's hits: a fingerprint sharing fewer terms than that with the query is next to never the
     * best match, and scoring it is most of a lookup's cost where many fingerprints share some audio.
     */
    public static final int LOOKUP_SHARE_OF_TOP = 40;

    /** A search that scores every candidate with a tenth of the best one's hits, as AcoustID's index keeps. */
    public SearchOptions(int duration, int maxDurationDiff, float minScore, int candidates, int limit) {
        this(duration, maxDurationDiff, minScore, candidates, limit, INDEX_SHARE_OF_TOP);
    }

    /** AcoustID's lookup: ±7 s by default, scores above 0.4, candidates with 40 % of the best one's hits. */
    public static SearchOptions lookup(int duration, int maxDurationDiff, int candidates) {
        return new SearchOptions(duration, maxDurationDiff, 0.4f, candidates, candidates, LOOKUP_SHARE_OF_TOP);
    }

    /** Whether a candidate with {@code hits} is scored beside the best one's {@code topHits}. */
    public boolean scores(int hits, int topHits) {
        return hits * 100 >= topHits * minShareOfTop;
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
