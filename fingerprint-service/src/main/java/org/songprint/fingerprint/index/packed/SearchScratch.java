package org.songprint.fingerprint.index.packed;

import java.util.Arrays;
import org.songprint.fingerprint.index.SearchOptions;

/**
 * Per-thread arrays reused by every search on that thread: hit counts per document, the documents
 * touched (so only those are read and reset), the candidate heap, and the candidates' items. Counting allocates nothing per
 * posting; a count fits a byte since a query has at most 120 terms.
 */
public final class SearchScratch {

    private byte[] counts = new byte[0];
    private int[] touched = new int[1024];
    private int touchedCount;
    private int[] docs = new int[256];
    private int[] stored = new int[2048];
    private final int[] histogram = new int[256];
    private final CandidateHeap heap = new CandidateHeap();
    @SuppressWarnings("unused")
    private long kept;

    /** Starts counting over {@code docCount} documents; the counts are all 0 (each reader resets those it read). */
    public void prepare(int docCount) {
        if (counts.length < docCount) {
            counts = new byte[Math.max(docCount, counts.length * 3 / 2)];
        }
        touchedCount = 0;
    }

    /** An array for a bucket's documents, at least {@code capacity} long. */
    int[] docs(int capacity) {
        if (docs.length < capacity) {
            docs = new int[capacity];
        }
        return docs;
    }

    /** An array for a candidate's stored items, at least {@code capacity} long. */
    int[] stored(int capacity) {
        if (stored.length < capacity) {
            stored = new int[capacity];
        }
        return stored;
    }

    /** Documents per hit count (a count fits a byte); all zero, and left all zero by its reader. */
    int[] histogram() {
        return histogram;
    }

    /** Keeps a value read only to bring memory into the cache, so the reads are not optimised away. */
    void keep(long value) {
        kept += value;
    }

    /** Counts a hit of {@code doc}. */
    public void hit(int doc) {
        if (counts[doc]++ == 0) {
            if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, touched.length * 2);
            }
            touched[touchedCount++] = doc;
        }
    }

    /** Hits per document; the reader sets each it reads back to 0. */
    public byte[] counts() {
        return counts;
    }

    /** The documents hit since {@link #prepare}, in the order first hit; {@link #touchedCount()} of them. */
    public int[] touched() {
        return touched;
    }

    public int touchedCount() {
        return touchedCount;
    }

    /** The heap, emptied for a search with these options. */
    public CandidateHeap heap(SearchOptions options) {
        heap.reset(options);
        return heap;
    }
}
