package org.songprint.fingerprint.index.packed;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.songprint.fingerprint.index.IndexedFingerprint;
import org.songprint.fingerprint.index.SearchOptions;

/**
 * An immutable view of recently written fingerprints that no segment holds yet, with its own small
 * inverted index (term or bucket -> positions), searched as one more leaf after the segments.
 */
public final class BufferSnapshot {

    public static final BufferSnapshot EMPTY = new BufferSnapshot(new IndexedFingerprint[0], Map.of(), Map.of());

    private final IndexedFingerprint[] fingerprints;
    private final Map<Integer, int[]> postings;
    private final Map<Long, Integer> positions;

    private BufferSnapshot(IndexedFingerprint[] fingerprints, Map<Integer, int[]> postings, Map<Long, Integer> positions) {
        this.fingerprints = fingerprints;
        this.postings = postings;
        this.positions = positions;
    }

    /** A snapshot of fingerprints with the (distinct) values a search matches them by: terms or buckets. */
    public static BufferSnapshot of(IndexedFingerprint[] fingerprints, int[][] terms) {
        if (fingerprints.length == 0) {
            return EMPTY;
        }
        Map<Integer, int[]> postings = new HashMap<>();
        Map<Long, Integer> positions = new HashMap<>();
        for (int position = 0; position < fingerprints.length; position++) {
            positions.put(fingerprints[position].id(), position);
            for (int term : terms[position]) {
                postings.merge(term, new int[] {position}, BufferSnapshot::append);
            }
        }
        return new BufferSnapshot(fingerprints, postings, positions);
    }

    private static int[] append(int[] positions, int[] one) {
        int[] longer = Arrays.copyOf(positions, positions.length + 1);
        longer[positions.length] = one[0];
        return longer;
    }

    public int size() {
        return fingerprints.length;
    }

    public boolean contains(long id) {
        return positions.containsKey(id);
    }

    public IndexedFingerprint fingerprint(int position) {
        return fingerprints[position];
    }

    /**
     * Offers the fingerprints sharing at least {@code minHits} of the query's (unique) terms, within the
     * duration window, as documents of the pseudo-leaf {@code leafOrd}, as a segment's would be.
     */
    public void collect(int[] terms, int minHits, SearchOptions options, int leafOrd, CandidateHeap heap) {
        if (fingerprints.length == 0) {
            return;
        }
        int[] counts = new int[fingerprints.length];
        for (int term : terms) {
            int[] at = postings.get(term);
            if (at != null) {
                for (int position : at) {
                    counts[position]++;
                }
            }
        }
        for (int position = 0; position < counts.length; position++) {
            if (counts[position] < minHits) {
                continue;
            }
            if (!options.admits(fingerprints[position].length())) {
                continue;
            }
            heap.offer(counts[position], options.closeness(fingerprints[position].length()), leafOrd, position);
        }
    }
}
