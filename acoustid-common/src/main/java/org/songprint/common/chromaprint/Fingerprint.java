package org.songprint.common.chromaprint;

import java.util.Arrays;

/**
 * A raw Chromaprint fingerprint: the algorithm id of the header byte and the 32-bit items
 * ("sub-fingerprints", about 8.08 per second of audio) in their signed {@code int} view, as
 * PostgreSQL {@code int4[]} and {@code fpcalc -raw -signed} show them.
 *
 * <p>The array is neither copied on construction nor by the accessor: fingerprints are passed
 * around on hot paths. Treat it as read-only. {@code equals}, {@code hashCode} and
 * {@code toString} use the array's contents.
 *
 * @param algorithm the header byte, 0..255 (Chromaprint's algorithm enum; the default TEST2 is 1)
 * @param hashes    the items
 */
public record Fingerprint(int algorithm, int[] hashes) {

    /** The only algorithm AcoustID accepts (Chromaprint's default, fpcalc {@code -algorithm 2}). */
    public static final int ACOUSTID_ALGORITHM = 1;

    public Fingerprint {
        if (algorithm < 0 || algorithm > 255) {
            throw new IllegalArgumentException("algorithm must be 0..255, got " + algorithm);
        }
        if (hashes == null) {
            throw new NullPointerException("hashes");
        }
    }

    /** The number of items. */
    public int size() {
        return hashes.length;
    }

    /**
     * Returns this fingerprint if it was made with {@code expected}, and throws
     * {@link InvalidFingerprintException} ({@link InvalidFingerprintException.Reason#UNSUPPORTED_ALGORITHM}) otherwise.
     */
    public Fingerprint requireAlgorithm(int expected) {
        if (algorithm != expected) {
            throw new InvalidFingerprintException(InvalidFingerprintException.Reason.UNSUPPORTED_ALGORITHM,
                    "fingerprint algorithm " + algorithm + " is not supported, only " + expected + " is");
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint other && algorithm == other.algorithm && Arrays.equals(hashes, other.hashes);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm + Arrays.hashCode(hashes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Fingerprint[algorithm=").append(algorithm)
                .append(", size=").append(hashes.length).append(", hashes=[");
        int shown = Math.min(hashes.length, 8);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(hashes[i]);
        }
        return sb.append(hashes.length > shown ? ", ...]]" : "]]").toString();
    }
}
