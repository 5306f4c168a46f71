package org.songprint.common.chromaprint;

import static org.songprint.common.chromaprint.ChromaprintBitStreams.ESCAPE;
import static org.songprint.common.chromaprint.ChromaprintBitStreams.HEADER_BYTES;
import static org.songprint.common.chromaprint.ChromaprintCodec.MAX_ITEMS;

import java.util.Arrays;

/** Writes items in Chromaprint's binary form, byte for byte as Chromaprint does (see {@link ChromaprintCodec#compress}). */
final class ChromaprintEncoder {

    private ChromaprintEncoder() {
    }

    /** See {@link ChromaprintCodec#compress}. */
    static byte[] compress(int algorithm, int[] hashes) {
        if (algorithm < 0 || algorithm > 255) {
            throw new IllegalArgumentException("algorithm must be 0..255, got " + algorithm);
        }
        int count = hashes.length;
        if (count > MAX_ITEMS) {
            throw new IllegalArgumentException(count + " items do not fit the 24-bit count");
        }
        // The normal stream's size: each item gives one value per set bit of its XOR-delta plus a 0.
        long values = count;
        int previous = 0;
        for (int h : hashes) {
            values += Integer.bitCount(h ^ previous);
            previous = h;
        }
        // A gap of 7 or more bits is escaped: at most 4 per item (32 / 7).
        long maxEscapes = Math.min(values, 4L * count);
        long normalBytes = (values * 3 + 7) / 8;
        if (HEADER_BYTES + normalBytes + (maxEscapes * 5 + 7) / 8 > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("fingerprint too large to compress");
        }
        byte[] out = new byte[(int) (HEADER_BYTES + normalBytes + (maxEscapes * 5 + 7) / 8)];
        byte[] exceptions = new byte[(int) ((maxEscapes * 5 + 7) / 8) + 4];
        out[0] = (byte) algorithm;
        out[1] = (byte) (count >>> 16);
        out[2] = (byte) (count >>> 8);
        out[3] = (byte) count;

        // One pass: the gaps, LSB-first, gathered in two bit accumulators that are emptied a byte at
        // a time (the normal stream into place, the exception stream aside until its start is known).
        long normal = 0;
        int normalBits = 0;
        int normalAt = HEADER_BYTES;
        long escaped = 0;
        int escapedBits = 0;
        int escapedAt = 0;
        previous = 0;
        for (int h : hashes) {
            int delta = h ^ previous;
            previous = h;
            int last = 0;
            while (delta != 0) {
                int pos = Integer.numberOfTrailingZeros(delta) + 1;
                int gap = pos - last;
                if (gap >= ESCAPE) {
                    normal |= (long) ESCAPE << normalBits;
                    escaped |= (long) (gap - ESCAPE) << escapedBits;
                    escapedBits += 5;
                    if (escapedBits >= 8) {
                        exceptions[escapedAt++] = (byte) escaped;
                        escaped >>>= 8;
                        escapedBits -= 8;
                    }
                } else {
                    normal |= (long) gap << normalBits;
                }
                normalBits += 3;
                if (normalBits >= 8) {
                    out[normalAt++] = (byte) normal;
                    normal >>>= 8;
                    normalBits -= 8;
                }
                last = pos;
                delta &= delta - 1;
            }
            normalBits += 3; // the terminating 0
            if (normalBits >= 8) {
                out[normalAt++] = (byte) normal;
                normal >>>= 8;
                normalBits -= 8;
            }
        }
        if (normalBits > 0) {
            out[normalAt++] = (byte) normal;
        }
        if (escapedBits > 0) {
            exceptions[escapedAt++] = (byte) escaped;
        }
        System.arraycopy(exceptions, 0, out, normalAt, escapedAt);
        int total = normalAt + escapedAt;
        return total == out.length ? out : Arrays.copyOf(out, total);
    }
}
