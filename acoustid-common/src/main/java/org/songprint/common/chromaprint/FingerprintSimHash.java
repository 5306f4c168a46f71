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
        int[] ones = new int[32];
        for (int item : items) {
            for (int bit = 0; bit < 32; bit++) {
                ones[bit] += (item >>> bit) & 1;
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
