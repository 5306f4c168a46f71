package org.songprint.fingerprint.index.packed;

import java.util.LinkedHashMap;
import java.util.Set;
import org.songprint.fingerprint.index.IndexedFingerprint;

/**
 * Upserts not in a segment yet, in the order they came, and the {@link BufferSnapshot} searches read
 * of them. Changed under the index's write lock; the snapshot is read without it.
 */
final class MemoryBuffer {

    private record Buffered(IndexedFingerprint fingerprint, int[] buckets, long offset) {
    }

    private final LinkedHashMap<Long, Buffered> entries = new LinkedHashMap<>();
    private volatile BufferSnapshot published = BufferSnapshot.EMPTY;

    void put(IndexedFingerprint fingerprint, int[] buckets, long offset) {
        entries.put(fingerprint.id(), new Buffered(fingerprint, buckets, offset));
    }

    boolean remove(long id) {
        return entries.remove(id) != null;
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    void clear() {
        entries.clear();
    }

    Set<Long> ids() {
        return entries.keySet();
    }

    /** The lowest log offset of a buffered fingerprint, or {@code upTo} if none is lower. */
    long minOffset(long upTo) {
        long min = upTo;
        for (Buffered entry : entries.values()) {
            min = Math.min(min, entry.offset());
        }
        return min;
    }

    /** The buffered fingerprints as an in-memory segment. */
    PackedSegment toSegment(int bucketBits) {
        SegmentBuilder builder = new SegmentBuilder();
        for (Buffered entry : entries.values()) {
            builder.add(entry.fingerprint().id(), entry.fingerprint().length(), entry.offset(), entry.buckets());
        }
        return builder.build(bucketBits);
    }

    /** Makes the buffer as it is now what searches read. */
    void publish() {
        IndexedFingerprint[] fingerprints = new IndexedFingerprint[entries.size()];
        int[][] buckets = new int[entries.size()][];
        int i = 0;
        for (Buffered entry : entries.values()) {
            fingerprints[i] = entry.fingerprint();
            buckets[i++] = entry.buckets();
        }
        published = BufferSnapshot.of(fingerprints, buckets);
    }

    /** What searches read: the buffer as of the last {@link #publish()}. */
    BufferSnapshot published() {
        return published;
    }
}
