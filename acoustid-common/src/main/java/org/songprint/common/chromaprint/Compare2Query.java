package org.songprint.common.chromaprint;

import java.util.Arrays;

/**
 * The query side ({@code b}) of {@code compare2}, prepared once for scoring many stored fingerprints
 * against it: the last position of each of its keys (as the C code's uint16 table) and how many
 * distinct keys each suffix holds, which is what an alignment that drops the first items of
 * {@code b} needs. Immutable once prepared; share it between threads freely.
 */
public final class Compare2Query {

    final char[] positions = new char[FingerprintComparator.KEYS];
    int[] items = new int[0];
    int size;
    /** Distinct keys other than 16383 in {@code items[i..size)}; index {@code size} is 0. */
    private int[] suffixDistinct = new int[1];
    /** Last position of key 16383, which the C code counts apart, or -1. */
    private int lastKeyAt = -1;
    private final long[] seen = new long[FingerprintComparator.KEYS / 64];

    Compare2Query() {
    }

    /** Prepares {@code items} (kept by reference: do not change them while the query is in use). */
    public static Compare2Query of(int[] items) {
        return new Compare2Query().fill(items, items.length);
    }

    // Prepares the first `size` items; the positions must be all zero (new, or cleared).
    Compare2Query fill(int[] items, int size) {
        this.items = items;
        this.size = size;
        if (suffixDistinct.length < size + 1) {
            suffixDistinct = new int[Math.max(size + 1, suffixDistinct.length * 2)];
        }
        for (int i = 0; i < size; i++) {
            positions[items[i] >>> FingerprintComparator.KEY_SHIFT] = (char) i;
        }
        lastKeyAt = -1;
        int distinct = 0;
        suffixDistinct[size] = 0;
        for (int i = size - 1; i >= 0; i--) {
            int key = items[i] >>> FingerprintComparator.KEY_SHIFT;
            if (key == FingerprintComparator.LAST_KEY) {
                lastKeyAt = Math.max(lastKeyAt, i);
            } else if ((seen[key >>> 6] & (1L << key)) == 0) {
                seen[key >>> 6] |= 1L << key;
                distinct++;
            }
            suffixDistinct[i] = distinct;
        }
        for (int i = 0; i < size; i++) {
            int key = items[i] >>> FingerprintComparator.KEY_SHIFT;
            seen[key >>> 6] = 0;
        }
        return this;
    }

    // Sets the positions back to zero, for the next fill.
    void clearPositions() {
        for (int i = 0; i < size; i++) {
            positions[items[i] >>> FingerprintComparator.KEY_SHIFT] = 0;
        }
    }

    // Sets every position back to zero, whatever was filled.
    void clearAllPositions() {
        Arrays.fill(positions, (char) 0);
    }

    int distinctFrom(int start) {
        return suffixDistinct[start];
    }

    boolean hasLastKeyFrom(int start) {
        return lastKeyAt >= start;
    }
}
