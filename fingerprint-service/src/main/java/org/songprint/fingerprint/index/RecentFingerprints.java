package org.songprint.fingerprint.index;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fingerprints upserted since the index's readers were last refreshed, searchable at once from memory.
 * Opening a near-real-time reader flushes a segment (~40 ms, more while merges run); the importer
 * needs its fingerprints searchable after every batch, before it reports them imported, and paying
 * that flush per batch was its largest cost at a steady trickle of submissions. With this buffer
 * a batch is published in microseconds and the readers are refreshed on a timer instead, after
 * which the buffer drops what they now show.
 *
 * <p>Writes the buffer does not hold (bulk adds, deletes, upserts beyond its capacity) are "bypasses":
 * only a reader refresh makes those visible, so {@link #publish()} refuses while one is outstanding.
 */
final class RecentFingerprints {

    private final int capacity;
    // guarded by this
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private long sequence;
    private long bypassedAt;
    private long readersUpTo;
    private volatile Snapshot published = Snapshot.EMPTY;

    RecentFingerprints(int capacity) {
        this.capacity = capacity;
    }

    /** An upsert has reached the index writer (call after it did). */
    synchronized void upserted(IndexedFingerprint fingerprint, int[] terms) {
        sequence++;
        if (pending.size() >= capacity && !pending.containsKey(fingerprint.id())) {
            bypassedAt = sequence;
            return;
        }
        pending.remove(fingerprint.id()); // re-inserted last: the newest version wins in a snapshot
        pending.put(fingerprint.id(), new Pending(sequence, fingerprint, terms));
    }

    /** A write the buffer cannot show (a delete, a bulk add) has reached the index writer. */
    synchronized void bypassed(long removedId) {
        pending.remove(removedId);
        bypassedAt = ++sequence;
    }

    synchronized void bypassed() {
        bypassedAt = ++sequence;
    }

    /**
     * Makes everything upserted so far searchable from memory; false if a bypass since the last reader
     * refresh means only a reader refresh can make every write so far searchable.
     */
    synchronized boolean publish() {
        if (bypassedAt > readersUpTo) {
            return false;
        }
        published = Snapshot.of(pending.values());
        return true;
    }

    /** The position to pass to {@link #readersRefreshed} after a reader refresh started now. */
    synchronized long mark() {
        return sequence;
    }

    /** Readers now show every write up to {@code upTo}: the buffer drops those. */
    synchronized void readersRefreshed(long upTo) {
        pending.values().removeIf(entry -> entry.sequence() <= upTo);
        readersUpTo = Math.max(readersUpTo, upTo);
        published = Snapshot.of(pending.values());
    }

    /**
     * What searches see now. Read it before acquiring a reader: the buffer drops entries only after
     * a newer reader is in place, so one of the two always shows a fingerprint.
     */
    Snapshot snapshot() {
        return published;
    }

    private record Pending(long sequence, IndexedFingerprint fingerprint, int[] terms) {
    }

    /** An immutable view of the buffer with its own small inverted index (term -> positions). */
    static final class Snapshot {
        static final Snapshot EMPTY = new Snapshot(new IndexedFingerprint[0], Map.of(), Map.of());

        private final IndexedFingerprint[] fingerprints;
        private final Map<Integer, int[]> postings;
        private final Map<Long, Integer> positions;

        private Snapshot(IndexedFingerprint[] fingerprints, Map<Integer, int[]> postings, Map<Long, Integer> positions) {
            this.fingerprints = fingerprints;
            this.postings = postings;
            this.positions = positions;
        }

        static Snapshot of(Collection<Pending> entries) {
            IndexedFingerprint[] fingerprints = new IndexedFingerprint[entries.size()];
            int[][] terms = new int[entries.size()][];
            int position = 0;
            for (Pending entry : entries) {
                fingerprints[position] = entry.fingerprint();
                terms[position++] = entry.terms();
            }
            return of(fingerprints, terms);
        }

        /** A snapshot of fingerprints with the (distinct) values a search matches them by: terms or buckets. */
        static Snapshot of(IndexedFingerprint[] fingerprints, int[][] terms) {
            if (fingerprints.length == 0) {
                return EMPTY;
            }
            Map<Integer, int[]> postings = new HashMap<>();
            Map<Long, Integer> positions = new HashMap<>();
            for (int position = 0; position < fingerprints.length; position++) {
                positions.put(fingerprints[position].id(), position);
                for (int term : terms[position]) {
                    postings.merge(term, new int[] {position}, Snapshot::append);
                }
            }
            return new Snapshot(fingerprints, postings, positions);
        }

        private static int[] append(int[] positions, int[] one) {
            int[] longer = java.util.Arrays.copyOf(positions, positions.length + 1);
            longer[positions.length] = one[0];
            return longer;
        }

        int size() {
            return fingerprints.length;
        }

        boolean contains(long id) {
            return positions.containsKey(id);
        }

        IndexedFingerprint fingerprint(int position) {
            return fingerprints[position];
        }

        /**
         * Offers the fingerprints sharing at least {@code minHits} of the query's (unique) terms, within the
         * duration window, as documents of the pseudo-leaf {@code leafOrd}, as a Lucene leaf's would be.
         */
        void collect(int[] terms, int minHits, SearchOptions options, int leafOrd, CandidateHeap heap) {
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
}
