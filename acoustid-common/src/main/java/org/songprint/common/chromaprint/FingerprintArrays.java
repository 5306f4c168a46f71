package org.songprint.common.chromaprint;

/**
 * Conversions between fingerprint items as Java holds them ({@code int[]}) and as the PostgreSQL
 * clients bind and return {@code integer[]} columns ({@code Integer[]}).
 */
public final class FingerprintArrays {

    private FingerprintArrays() {
    }

    public static int[] unbox(Integer[] boxed) {
        int[] out = new int[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    public static Integer[] box(int[] values) {
        Integer[] out = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
