package org.songprint.common.chromaprint;

/**
 * The layout of Chromaprint's binary form, shared by {@link ChromaprintEncoder} and
 * {@link ChromaprintDecoder}: a 4-byte header, then the normal stream of 3-bit gap values and the
 * exception stream of 5-bit remainders, both packed LSB-first; readers that work in place.
 */
final class ChromaprintBitStreams {

    /** Algorithm (1 byte) and item count (3 bytes, big-endian). */
    static final int HEADER_BYTES = 4;
    /** Normal-stream value meaning "7 or more; the rest is in the exception stream". */
    static final int ESCAPE = 7;

    private ChromaprintBitStreams() {
    }

    /** Values 8g..8g+7 of the normal stream as one 24-bit word, value j in bits 3j..3j+2. */
    static int group(byte[] data, int g) {
        int idx = HEADER_BYTES + 3 * g;
        return (data[idx] & 0xFF) | (data[idx + 1] & 0xFF) << 8 | (data[idx + 2] & 0xFF) << 16;
    }

    /** The {@code k}-th 3-bit value of the normal stream; the caller guarantees it is in bounds. */
    static int read3(byte[] data, int k) {
        return readBits(data, HEADER_BYTES * 8 + 3 * k, 3);
    }

    /** The 5-bit value starting at absolute bit {@code bit}; the caller guarantees it is in bounds. */
    static int read5(byte[] data, int bit) {
        return readBits(data, bit, 5);
    }

    /**
     * The {@code width}-bit value (at most 8) starting at absolute bit {@code bit}, LSB-first, from one
     * byte or two; the callers' constant widths are folded in when this is inlined.
     */
    private static int readBits(byte[] data, int bit, int width) {
        int idx = bit >>> 3;
        int shift = bit & 7;
        int word = data[idx] & 0xFF;
        if (shift > 8 - width) {
            word |= (data[idx + 1] & 0xFF) << 8;
        }
        return (word >>> shift) & ((1 << width) - 1);
    }

    static int packedSize(int values, int width) {
        return (int) (((long) values * width + 7) >>> 3);
    }
}
