package org.songprint.fingerprint.index.packed;

import java.util.Arrays;

/**
 * A segment's excerpt postings: for every {@link ExcerptTerms} term of its fingerprints, the
 * documents holding it (as {@link BucketPostings}, by bucket) and, in a parallel array, the position
 * of the term in each. A clip's term then tells not only which fingerprints hold it but where, and a
 * clip's terms agreeing on one offset into one fingerprint are the evidence an excerpt search counts.
 *
 * <p>Built from the fingerprints' items (read back from the fingerprint log), never written to a
 * file: a segment gets its excerpt postings in the background after it is installed or read.
 */
final class ExcerptPostings {

    private final BucketPostings docs;
    private final int[] blockRanks;
    private final char[] positions;

    private ExcerptPostings(BucketPostings docs, char[] positions) {
        this.docs = docs;
        this.blockRanks = docs.blockRanks();
        this.positions = positions;
    }

    /** The items of a segment's document by ordinal, or null for one that needs no postings. */
    interface DocItems {
        int[] items(int ordinal);
    }

    /** Receives a clip term's hits: a document and the term's position in it. */
    interface HitSink {
        void hit(int doc, int position);
    }

    /** Passes every (document, position) of a term in {@code bucket} to {@code sink}. */
    void forEachHit(int bucket, HitSink sink) {
        docs.forEachRankedDoc(bucket, blockRanks, (doc, rank) -> sink.hit(doc, positions[rank]));
    }

    /** About how many hits {@code bucket} holds (at least as many as it does), without decoding them. */
    int approximateHits(int bucket) {
        return docs.approximateCount(bucket);
    }

    long postings() {
        return positions.length;
    }

    /** Heap bytes: the postings, their directory and the positions. */
    long bytes() {
        return docs.bytes() + blockRanks.length * 4L + positions.length * 2L;
    }

    /**
     * Builds the postings of {@code docCount} documents, reading them in ordinal order, so within a
     * bucket the postings come ordered by document, then position, as they are coded. Few postings
     * (a flush) are sorted as longs; many (a bulk build, a merge) are placed by counting sort on the
     * bucket, which reads the documents again but needs no array of keys.
     */
    static ExcerptPostings build(int docCount, int bucketBits, ExcerptTerms terms, DocItems source) {
        long[] total = new long[1];
        forEachPosting(docCount, terms, source, (doc, term, position) -> total[0]++);
        if (total[0] > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("too many excerpt postings for one segment: " + total[0]);
        }
        int buckets = 1 << bucketBits;
        int n = (int) total[0];
        int[] docs = new int[n];
        char[] positions = new char[n];
        int[] offsets;
        if (n < buckets / 8 && bucketBits <= 23 && docCount < 1 << 24) {
            long[] keys = new long[n];
            int[] at = new int[1];
            forEachPosting(docCount, terms, source, (doc, term, position) ->
                    keys[at[0]++] = (long) BucketPostings.bucket(term, bucketBits) << 40 | (long) doc << 16 | position);
            Arrays.sort(keys);
            int[] bucketOf = new int[n];
            for (int i = 0; i < n; i++) {
                bucketOf[i] = (int) (keys[i] >>> 40);
                docs[i] = (int) (keys[i] >>> 16) & 0xFFFFFF;
                positions[i] = (char) keys[i];
            }
            return new ExcerptPostings(BucketPostings.encode(docCount, bucketBits, n, sink -> {
                for (int i = 0; i < n; i++) {
                    sink.accept(bucketOf[i], docs[i]);
                }
            }), positions);
        }
        offsets = new int[buckets + 1];
        forEachPosting(docCount, terms, source, (doc, term, position) ->
                offsets[BucketPostings.bucket(term, bucketBits) + 1]++);
        for (int b = 0; b < buckets; b++) {
            offsets[b + 1] += offsets[b];
        }
        int[] fill = Arrays.copyOf(offsets, buckets);
        forEachPosting(docCount, terms, source, (doc, term, position) -> {
            int at = fill[BucketPostings.bucket(term, bucketBits)]++;
            docs[at] = doc;
            positions[at] = (char) position;
        });
        return new ExcerptPostings(BucketPostings.encode(docCount, bucketBits, n, sink -> {
            for (int b = 0; b < buckets; b++) {
                for (int p = offsets[b]; p < offsets[b + 1]; p++) {
                    sink.accept(b, docs[p]);
                }
            }
        }), positions);
    }

    private interface PostingSink {
        void accept(int doc, int term, int position);
    }

    private static void forEachPosting(int docCount, ExcerptTerms terms, DocItems source, PostingSink sink) {
        for (int doc = 0; doc < docCount; doc++) {
            int[] items = source.items(doc);
            if (items != null) {
                int ordinal = doc;
                terms.forEach(items, (term, position) -> sink.accept(ordinal, term, position));
            }
        }
    }
}
