package org.songprint.fingerprint.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sets of fingerprint ids compared by ranges of 4,096 ids: per range a count, the sum of the ids and
 * the sum of a mixed value of each, computed the same way by PostgreSQL
 * ({@link FingerprintRepository#rangeSummaries()}) and from the index's ids. Two sets whose ranges all
 * agree are taken to be equal (a missing id and an extra one would have to balance out in all three);
 * only the ranges that differ are compared id by id. At a million fingerprints that is ~245 summary
 * rows instead of a million ids.
 */
final class IdRanges {

    static final int SHIFT = 12;
    // the mixed value: (id * K) mod P, below 2^32, so a range's sum stays far inside a long
    static final long MIX_FACTOR = 2_654_435_761L;
    static final long MIX_MODULUS = 4_294_967_291L;

    /** One range's figures: ids from {@code range << SHIFT}, below {@code (range + 1) << SHIFT}. */
    record Summary(long range, long count, long sum, long mix) {
    }

    private IdRanges() {
    }

    /** The mixed value of an id (ids are PostgreSQL integers, so the product cannot overflow). */
    static long mix(long id) {
        return Math.floorMod(id * MIX_FACTOR, MIX_MODULUS);
    }

    /** Summaries of ascending ids, by range. */
    static Map<Long, Summary> of(long[] sortedIds) {
        Map<Long, Summary> ranges = new TreeMap<>();
        int i = 0;
        while (i < sortedIds.length) {
            long range = sortedIds[i] >> SHIFT;
            long count = 0;
            long sum = 0;
            long mix = 0;
            for (; i < sortedIds.length && sortedIds[i] >> SHIFT == range; i++) {
                count++;
                sum += sortedIds[i];
                mix += mix(sortedIds[i]);
            }
            ranges.put(range, new Summary(range, count, sum, mix));
        }
        return ranges;
    }

    static Map<Long, Summary> byRange(List<Summary> summaries) {
        Map<Long, Summary> ranges = new TreeMap<>();
        summaries.forEach(summary -> ranges.put(summary.range(), summary));
        return ranges;
    }

    /** Ranges present on one side only or with different figures, ascending. */
    static List<Long> differing(Map<Long, Summary> a, Map<Long, Summary> b) {
        TreeSet<Long> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        List<Long> out = new ArrayList<>();
        for (long range : all) {
            if (!Objects.equals(a.get(range), b.get(range))) {
                out.add(range);
            }
        }
        return out;
    }

    static long start(long range) {
        return range << SHIFT;
    }

    static long end(long range) {
        return (range + 1) << SHIFT;
    }

    /** The ids of ascending {@code ids} in [from, to). */
    static long[] slice(long[] ids, long from, long to) {
        int start = lowerBound(ids, from);
        return Arrays.copyOfRange(ids, start, lowerBound(ids, to));
    }

    /** The ids of ascending {@code a} not in ascending {@code b}. */
    static long[] minus(long[] a, long[] b) {
        long[] out = new long[a.length];
        int n = 0;
        int j = 0;
        for (long id : a) {
            while (j < b.length && b[j] < id) {
                j++;
            }
            if (j == b.length || b[j] != id) {
                out[n++] = id;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int lowerBound(long[] ids, long value) {
        int low = 0;
        int high = ids.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ids[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
