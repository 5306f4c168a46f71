package org.songprint.common.chromaprint;

/**
 * A 32-bit SimHash of a fingerprint: bit b is set when more than half of the items have bit b set.
 * Copies of the same recording (low bit-error rates) get equal or nearly equal SimHashes, which makes
 * it a key for grouping near-identical fingerprints (Kafka partitioning, import locks) and, as a
 * 32-dimensional cube, for the GiST index of {@code fingerprint_data}.
 */
public final class FingerprintSimHash {

    private FingerprintSimHash() {
    }

    public static int of(int[] items) {
        // Bit 8k+j of every item is counted in byte k of lane j: eight additions an item instead of
        // 32, the bytes emptied into the totals before any of them can pass 255.
        int[] ones = new int[32];
        for (int from = 0; from < items.length; from += 255) {
            int to = Math.min(items.length, from + 255);
            int l0 = 0;
            int l1 = 0;
            int l2 = 0;
            int l3 = 0;
            int l4 = 0;
            int l5 = 0;
            int l6 = 0;
            int l7 = 0;
            for (int i = from; i < to; i++) {
                int item = items[i];
                l0 += item & 0x01010101;
                l1 += (item >>> 1) & 0x01010101;
                l2 += (item >>> 2) & 0x01010101;
                l3 += (item >>> 3) & 0x01010101;
                l4 += (item >>> 4) & 0x01010101;
                l5 += (item >>> 5) & 0x01010101;
                l6 += (item >>> 6) & 0x01010101;
                l7 += (item >>> 7) & 0x01010101;
            }
            int[] lanes = {l0, l1, l2, l3, l4, l5, l6, l7};
            for (int j = 0; j < 8; j++) {
                for (int k = 0; k < 4; k++) {
                    ones[8 * k + j] += (lanes[j] >>> (8 * k)) & 0xFF;
                }
            }
        }
        int hash = 0;
        for (int bit = 0; bit < 32; bit++) {
            if (ones[bit] * 2 > items.length) {
                hash |= 1 << bit;
            }
        }
        return hash;
    }

    /**
     * The SimHash as a PostgreSQL {@code cube} literal of 32 coordinates (0 or 1, lowest bit first):
     * Euclidean distance between two such points is the square root of their Hamming distance.
     */
    public static String toCube(int simhash) {
        StringBuilder out = new StringBuilder(66).append('(');
        for (int bit = 0; bit < 32; bit++) {
            if (bit > 0) {
                out.append(',');
            }
            out.append((simhash >>> bit) & 1);
        }
        return out.append(')').toString();
    }
}
