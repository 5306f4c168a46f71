package org.songprint.fingerprint.index;

import java.util.List;

/**
 * Finds stored fingerprints similar to a query fingerprint. Candidates come from an inverted index
 * of the fingerprints' extracted query terms, ranked by shared-term count, filtered by duration and
 * then scored with the full comparison. Implementations may hold one shard of the fingerprints: a
 * coordinator can merge the scored matches of several shards (scatter-gather).
 */
public interface FingerprintIndex {

    /** Scored matches of {@code query}, best first, at most {@code options.limit()}. */
    List<FingerprintMatch> search(int[] query, SearchOptions options);

    /**
     * Scored matches of {@code clip} as an excerpt that may begin anywhere inside a stored
     * fingerprint, best first, at most {@code options.limit()}; none from an engine that keeps no
     * excerpt postings (see {@link #searchesExcerpts()}).
     */
    default List<ExcerptMatch> searchExcerpt(int[] clip, ExcerptOptions options) {
        return List.of();
    }

    /** Whether {@link #searchExcerpt} can find anything: the engine keeps excerpt postings. */
    default boolean searchesExcerpts() {
        return false;
    }

    /** Adds or replaces a fingerprint. Idempotent. */
    void upsert(IndexedFingerprint fingerprint);

    /** Whether a fingerprint is searchable now (a stored fingerprint's items never change). */
    boolean contains(long fingerprintId);

    /** Removes a fingerprint if present. Idempotent. */
    void delete(long fingerprintId);

    /** The highest fingerprint id ever added; the database catch-up continues after it. */
    long maxIndexedId();

    /** Number of fingerprints searchable now. */
    long size();

    /** Makes every update so far searchable. */
    void refresh();
}
