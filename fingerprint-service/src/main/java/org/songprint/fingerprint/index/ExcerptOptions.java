package org.songprint.fingerprint.index;

/**
 * How to search for an excerpt.
 *
 * @param minScore   lowest score kept (see {@code docs/fingerprint-index.md}, "Excerpts")
 * @param candidates how many candidates (by agreeing terms) are scored
 * @param limit      most matches returned
 */
public record ExcerptOptions(float minScore, int candidates, int limit) {

    /** A lookup's: scores of at least 0.6, 40 candidates scored, 10 results. */
    public static ExcerptOptions lookup(int candidates) {
        return new ExcerptOptions(0.6f, candidates, candidates);
    }
}
