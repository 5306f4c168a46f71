package org.songprint.fingerprint.index.packed;

import java.util.Arrays;
import org.songprint.fingerprint.index.SearchOptions;

/**
 * The best candidates of one search by hit count, in a bounded min-heap of packed longs (no boxing).
 * A candidate packs hits (bits 48..55; at most the 120 query terms), closeness of its length to the
 * query's duration (bits 40..47, see {@link SearchOptions#closeness}), leaf ordinal (bits 31..39) and
 * document (bits 0..30). More hits rank higher; among equal hits the closer length, then the earlier
 * document. The tie-break matters where many fingerprints hold the same audio: a query that kept
 * only two or three of its terms ties with a hundred others at the cut, and the document order alone
 * dropped the original as often as not.
 */
public final class CandidateHeap {

    private static final long LOCATION_MASK = (1L << 40) - 1;

    private long[] heap = new long[64];
    private int size;
    private int capacity;
    /** Most hits of any candidate offered since the reset, kept or not. */
    private int topHits;
    private SearchOptions options;

    /** Empties the heap for a search with these options. */
    public void reset(SearchOptions options) {
        this.options = options;
        this.capacity = options.candidates();
        if (heap.length < capacity) {
            heap = new long[capacity];
        }
        size = 0;
        topHits = 0;
    }

    /**
     * The fewest hits a document of one segment needs to be worth offering, given how many of its
     * documents have each hit count ({@code histogram[hits]}, up to {@code top}): fewer than those of
     * the best {@code capacity} of them cannot be kept, and fewer than the share of the best one's
     * hits that the search scores cannot be scored.
     */
    public int fewestUseful(int[] histogram, int top) {
        int fewest = 0;
        while (fewest <= top && !options.scores(fewest, top)) {
            fewest++;
        }
        int atLeast = 0;
        for (int hits = top; hits > fewest; hits--) {
            atLeast += histogram[hits];
            if (atLeast >= capacity) {
                return hits;
            }
        }
        return fewest;
    }

    public void offer(int hits, int closeness, int leafOrd, int doc) {
        topHits = Math.max(topHits, hits);
        long packed = ((long) hits << 48) | ((long) closeness << 40) | ((long) leafOrd << 31) | doc;
        if (size < capacity) {
            heap[size] = packed;
            siftUp(size++);
        } else if (rank(packed) > rank(heap[0])) {
            heap[0] = packed;
            siftDown(0);
        }
    }

    /**
     * The kept candidates ordered by (leaf, doc), the order doc values must be read in, with their hits
     * (their closeness is not needed any more), except those {@link #farBelowBest}; empties the heap.
     */
    public long[] drainSortedByLocation() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!farBelowBest(hits(heap[i]))) {
                kept++;
            }
        }
        long[] keys = new long[kept];
        int at = 0;
        for (int i = 0; i < size; i++) {
            if (!farBelowBest(hits(heap[i]))) {
                keys[at++] = ((heap[i] & LOCATION_MASK) << 8) | hits(heap[i]);
            }
        }
        Arrays.sort(keys);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ((keys[i] & 0xFF) << 48) | (keys[i] >>> 8);
        }
        size = 0;
        return keys;
    }

    /** Candidates far below the best one's hit count are not scored (see {@link SearchOptions#scores}). */
    private boolean farBelowBest(int hits) {
        return !options.scores(hits, topHits);
    }

    public static int hits(long packed) {
        return (int) (packed >>> 48);
    }

    public static int leaf(long packed) {
        return (int) ((packed >>> 31) & 0x1FF);
    }

    public static int doc(long packed) {
        return (int) (packed & 0x7FFFFFFFL);
    }

    /** Higher is better: more hits, then closer length, then earlier location. */
    private static long rank(long packed) {
        return (packed & ~LOCATION_MASK) | (LOCATION_MASK - (packed & LOCATION_MASK));
    }

    private void siftUp(int i) {
        long value = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (rank(heap[parent]) <= rank(value)) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = value;
    }

    private void siftDown(int i) {
        long value = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && rank(heap[child + 1]) < rank(heap[child])) {
                child++;
            }
            if (rank(value) <= rank(heap[child])) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = value;
    }
}
