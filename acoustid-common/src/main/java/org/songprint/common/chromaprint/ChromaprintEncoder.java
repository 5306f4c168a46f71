package org.songprint.common.chromaprint;

import static org.songprint.common.chromaprint.ChromaprintBitStreams.ESCAPE;
import static org.songprint.common.chromaprint.ChromaprintBitStreams.HEADER_BYTES;
import static org.songprint.common.chromaprint.ChromaprintCodec.MAX_ITEMS;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Writes items in Chromaprint's binary form, byte for byte as Chromaprint does (see {@link ChromaprintCodec#compress}). */
final class ChromaprintEncoder {

    /** Four bytes of a byte array as one little-endian int: the bit streams are LSB-first. */
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    // BYTE_GAPS[b] for a byte b of an XOR-delta: the 3-bit codes of the gaps between its set bits
    // (INNER_CODES, lowest first; a gap of 7 is ESCAPE), their bit count, its first and last set bit.
    private static final long INNER_CODES = (1 << 21) - 1;
    private static final int INNER_BITS_SHIFT = 24;
    private static final int FIRST_SHIFT = 32;
    private static final int LAST_SHIFT = 40;
    // 5 for the one byte whose inner gap is escaped (bits 0 and 7 only: a gap of 7, remainder 0)
    private static final int EXTRA_ESCAPE_SHIFT = 48;
    private static final long[] BYTE_GAPS = new long[256];

    static {
        for (int b = 1; b < 256; b++) {
            int first = Integer.numberOfTrailingZeros(b);
            int lastBit = first;
            long codes = 0;
            int innerBits = 0;
            for (int bit = first + 1; bit < 8; bit++) {
                if ((b >>> bit & 1) != 0) {
                    codes |= (long) (bit - lastBit) << innerBits;
                    innerBits += 3;
                    lastBit = bit;
                }
            }
            BYTE_GAPS[b] = codes | (long) innerBits << INNER_BITS_SHIFT | (long) first << FIRST_SHIFT | (long) lastBit << LAST_SHIFT
                    | (long) (b == 0x81 ? 5 : 0) << EXTRA_ESCAPE_SHIFT;
        }
    }

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
        // 4 bytes of slack behind each stream: its accumulator is stored 32 bits at a time, whole or not
        byte[] out = new byte[(int) (HEADER_BYTES + normalBytes + (maxEscapes * 5 + 7) / 8) + 4];
        byte[] exceptions = new byte[(int) ((maxEscapes * 5 + 7) / 8) + 4];
        out[0] = (byte) algorithm;
        out[1] = (byte) (count >>> 16);
        out[2] = (byte) (count >>> 8);
        out[3] = (byte) count;

        // One pass, a byte of each XOR-delta at a time (a table gives the gaps inside the byte), into
        // two bit accumulators stored 32 bits at a time: a loop per set bit, emptied a byte at a time,
        // spent most of its time on branches the processor mispredicted.
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
            int last = 0; // 1-based position of the item's previous set bit
            // all four bytes, a zero byte emitting nothing: with a few bits set per item, whether a
            // byte is zero or a gap escaped cannot be predicted, and a mispredicted branch costs more
            // than the work it would skip
            for (int base = 0; base < 32; base += 8) {
                int bits = delta >>> base & 0xFF;
                int present = (bits + 0xFF) >>> 8; // 1 when the byte has a set bit
                long entry = BYTE_GAPS[bits];
                int gap = base + (int) (entry >>> FIRST_SHIFT & 7) + 1 - last;
                int escapes = present & (ESCAPE - 1 - gap) >>> 31; // 1 when gap >= ESCAPE
                escaped |= (long) ((gap - ESCAPE) & -escapes) << escapedBits;
                escapedBits += 5 * escapes + (int) (entry >>> EXTRA_ESCAPE_SHIFT & 7);
                int code = (gap - ((gap - ESCAPE) & -escapes)) & -present;
                normal |= ((entry & INNER_CODES) << 3 | code) << normalBits;
                // after the last byte, the item's terminating 0: three bits left as they are
                normalBits += (int) (entry >>> INNER_BITS_SHIFT & 31) + 3 * present + (base == 24 ? 3 : 0);
                int end = base + (int) (entry >>> LAST_SHIFT & 7) + 1;
                last += (end - last) & -present;
                // at most 31 + 27 bits in the accumulator (31 + 10 in the exceptions'); store it, and
                // keep what is not whole
                INT_LE.set(out, normalAt, (int) normal);
                int whole = normalBits >>> 5;
                normalAt += whole << 2;
                normal >>>= whole << 5;
                normalBits -= whole << 5;
                INT_LE.set(exceptions, escapedAt, (int) escaped);
                whole = escapedBits >>> 5;
                escapedAt += whole << 2;
                escaped >>>= whole << 5;
                escapedBits -= whole << 5;
            }
        }
        for (; normalBits > 0; normalBits -= 8) {
            out[normalAt++] = (byte) normal;
            normal >>>= 8;
        }
        for (; escapedBits > 0; escapedBits -= 8) {
            exceptions[escapedAt++] = (byte) escaped;
            escaped >>>= 8;
        }
        System.arraycopy(exceptions, 0, out, normalAt, escapedAt);
        return Arrays.copyOf(out, normalAt + escapedAt);
    }
}
