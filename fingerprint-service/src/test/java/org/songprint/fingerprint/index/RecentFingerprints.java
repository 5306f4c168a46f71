package org.songprint.fingerprint.index;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.songprint.fingerprint.index.packed.BufferSnapshot;

/**
 * Fingerprints upserted since the Lucene engine's readers were last refreshed, searchable at once from memory.
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
    private volatile BufferSnapshot published = BufferSnapshot.EMPTY;

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
        published = snapshotOf(pending.values());
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
        published = snapshotOf(pending.values());
    }

    /**
     * What searches see now. Read it before acquiring a reader: the buffer drops entries only after
     * a newer reader is in place, so one of the two always shows a fingerprint.
     */
    BufferSnapshot snapshot() {
        return published;
    }

    private record Pending(long sequence, IndexedFingerprint fingerprint, int[] terms) {
    }

    private static BufferSnapshot snapshotOf(Collection<Pending> entries) {
        IndexedFingerprint[] fingerprints = new IndexedFingerprint[entries.size()];
        int[][] terms = new int[entries.size()][];
        int position = 0;
        for (Pending entry : entries) {
            fingerprints[position] = entry.fingerprint();
            terms[position++] = entry.terms();
        }
        return BufferSnapshot.of(fingerprints, terms);
    }
}
