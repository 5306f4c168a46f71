package org.songprint.fingerprint.index.packed;

import java.util.Arrays;
import java.util.List;

/**
 * Builds packed segments: from fingerprints added one by one (a bulk load, a flush of the memory
 * buffer) into flat growable arrays, or by merging segments. Ordinals follow ids, so a segment finds
 * an id by binary search; if an id comes twice, the later one is kept.
 */
final class SegmentBuilder {

    private long[] ids = new long[1024];
    private int[] lengths = new int[1024];
    private long[] offsets = new long[1024];
    private int[] bucketStarts = new int[1025];
    private int[] buckets = new int[1024 * 120];
    private int count;
    private long minOffset = Long.MAX_VALUE;

    void add(long id, int length, long offset, int[] fingerprintBuckets) {
        if (count == ids.length) {
            int grown = count * 2;
            ids = Arrays.copyOf(ids, grown);
            lengths = Arrays.copyOf(lengths, grown);
            offsets = Arrays.copyOf(offsets, grown);
            bucketStarts = Arrays.copyOf(bucketStarts, grown + 1);
        }
        int start = bucketStarts[count];
        if (start + fingerprintBuckets.length > buckets.length) {
            buckets = Arrays.copyOf(buckets, Math.max(buckets.length * 2, start + fingerprintBuckets.length));
        }
        System.arraycopy(fingerprintBuckets, 0, buckets, start, fingerprintBuckets.length);
        ids[count] = id;
        lengths[count] = length;
        offsets[count] = offset;
        bucketStarts[count + 1] = start + fingerprintBuckets.length;
        count++;
        minOffset = Math.min(minOffset, offset);
    }

    int size() {
        return count;
    }

    /** Log offset of the oldest fingerprint added, or MAX_VALUE. */
    long minOffset() {
        return minOffset;
    }

    PackedSegment build(int bucketBits) {
        return build(bucketBits, 1);
    }

    /** The segment, its postings placed by {@code parallelism} threads (see {@link BucketPostings#build}). */
    PackedSegment build(int bucketBits, int parallelism) {
        long[] sorted = distinctSorted(Arrays.copyOf(ids, count));
        int[] source = new int[sorted.length];
        for (int i = 0; i < count; i++) {
            source[Arrays.binarySearch(sorted, ids[i])] = i; // a later duplicate overwrites
        }
        char[] segmentLengths = new char[sorted.length];
        long[] segmentOffsets = new long[sorted.length];
        for (int ordinal = 0; ordinal < sorted.length; ordinal++) {
            segmentLengths[ordinal] = clampLength(lengths[source[ordinal]]);
            segmentOffsets[ordinal] = offsets[source[ordinal]];
        }
        BucketPostings postings = BucketPostings.build(sorted.length, bucketBits, sink -> {
            for (int ordinal = 0; ordinal < source.length; ordinal++) {
                int doc = source[ordinal];
                for (int p = bucketStarts[doc]; p < bucketStarts[doc + 1]; p++) {
                    sink.accept(buckets[p], ordinal);
                }
            }
        }, true, parallelism);
        return new PackedSegment(sorted, segmentLengths, segmentOffsets, postings, count == 0 ? Long.MAX_VALUE : minOffset);
    }

    /**
     * Merges segments (oldest first) into one, without the fingerprints deleted in {@code deleted}
     * (each segment's deleted bits, read when the merge began). An id live in two inputs keeps the later.
     */
    static PackedSegment merge(List<PackedSegment> inputs, List<long[]> deleted, int bucketBits) {
        int live = 0;
        for (int s = 0; s < inputs.size(); s++) {
            PackedSegment input = inputs.get(s);
            for (int ordinal = 0; ordinal < input.docCount(); ordinal++) {
                if (PackedSegment.isLive(deleted.get(s), ordinal)) {
                    live++;
                }
            }
        }
        long[] all = new long[live];
        int at = 0;
        for (int s = 0; s < inputs.size(); s++) {
            PackedSegment input = inputs.get(s);
            for (int ordinal = 0; ordinal < input.docCount(); ordinal++) {
                if (PackedSegment.isLive(deleted.get(s), ordinal)) {
                    all[at++] = input.ids[ordinal];
                }
            }
        }
        long[] sorted = distinctSorted(all);
        int[][] remap = new int[inputs.size()][];
        int[] winnerSegment = new int[sorted.length];
        int[] winnerOrdinal = new int[sorted.length];
        for (int s = 0; s < inputs.size(); s++) {
            PackedSegment input = inputs.get(s);
            remap[s] = new int[input.docCount()];
            Arrays.fill(remap[s], -1);
            for (int ordinal = 0; ordinal < input.docCount(); ordinal++) {
                if (PackedSegment.isLive(deleted.get(s), ordinal)) {
                    int target = Arrays.binarySearch(sorted, input.ids[ordinal]);
                    winnerSegment[target] = s;
                    winnerOrdinal[target] = ordinal;
                }
            }
        }
        char[] lengths = new char[sorted.length];
        long[] offsets = new long[sorted.length];
        long logStart = Long.MAX_VALUE;
        for (int target = 0; target < sorted.length; target++) {
            PackedSegment input = inputs.get(winnerSegment[target]);
            remap[winnerSegment[target]][winnerOrdinal[target]] = target;
            lengths[target] = input.lengths[winnerOrdinal[target]];
            offsets[target] = input.offsets[winnerOrdinal[target]];
        }
        for (PackedSegment input : inputs) {
            logStart = Math.min(logStart, input.logStart);
        }
        BucketPostings postings = BucketPostings.build(sorted.length, bucketBits, sink -> {
            for (int s = 0; s < inputs.size(); s++) {
                int[] map = remap[s];
                inputs.get(s).postings.forEachPair((bucket, doc) -> {
                    int target = map[doc];
                    if (target >= 0) {
                        sink.accept(bucket, target);
                    }
                });
            }
        }, false);
        return new PackedSegment(sorted, lengths, offsets, postings, logStart);
    }

    private static long[] distinctSorted(long[] values) {
        Arrays.sort(values);
        int distinct = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                values[distinct++] = values[i];
            }
        }
        return distinct == values.length ? values : Arrays.copyOf(values, distinct);
    }

    private static char clampLength(int seconds) {
        return (char) Math.max(0, Math.min(Character.MAX_VALUE, seconds));
    }
}
