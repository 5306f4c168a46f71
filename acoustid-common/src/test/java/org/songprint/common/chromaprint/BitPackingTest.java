package org.songprint.common.chromaprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The encoder and the SimHash work on several bits at once (a table per byte of an XOR-delta, bytes
 * counted in lanes); here each is held to the format's definition written out a bit at a time.
 */
class BitPackingTest {

    /** Chromaprint's binary form, one gap at a time: a 3-bit value per set bit (7 escapes the rest into 5 bits), 0 ends an item. */
    private static byte[] compressBitByBit(int algorithm, int[] items) {
        BitWriter normal = new BitWriter();
        BitWriter exceptions = new BitWriter();
        int previous = 0;
        for (int item : items) {
            int delta = item ^ previous;
            previous = item;
            int last = 0;
            for (int bit = 1; bit <= 32; bit++) {
                if ((delta >>> (bit - 1) & 1) != 0) {
                    int gap = bit - last;
                    last = bit;
                    normal.write(Math.min(gap, 7), 3);
                    if (gap >= 7) {
                        exceptions.write(gap - 7, 5);
                    }
                }
            }
            normal.write(0, 3);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(algorithm);
        out.write(items.length >>> 16);
        out.write(items.length >>> 8);
        out.write(items.length);
        out.writeBytes(normal.bytes());
        out.writeBytes(exceptions.bytes());
        return out.toByteArray();
    }

    private static final class BitWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int current;
        private int used;

        void write(int value, int width) {
            for (int i = 0; i < width; i++) {
                current |= (value >>> i & 1) << used;
                if (++used == 8) {
                    bytes.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        byte[] bytes() {
            if (used > 0) {
                bytes.write(current);
            }
            return bytes.toByteArray();
        }
    }

    private static int simHashBitByBit(int[] items) {
        int hash = 0;
        for (int bit = 0; bit < 32; bit++) {
            int ones = 0;
            for (int item : items) {
                ones += item >>> bit & 1;
            }
            if (2 * ones > items.length) {
                hash |= 1 << bit;
            }
        }
        return hash;
    }

    @Property(tries = 1000)
    void randomItemsCompressAsTheFormatSays(@ForAll @Size(max = 1500) int[] items) {
        assertArrayEquals(compressBitByBit(1, items), ChromaprintCodec.compress(1, items));
    }

    /** Deltas of one to three bits: zero bytes, gaps escaped from one byte into the next, 0x81. */
    @Property(tries = 1000)
    void sparseDeltasCompressAsTheFormatSays(@ForAll @Size(max = 1500) byte[] flips, @ForAll int start) {
        int[] items = new int[flips.length];
        int item = start;
        for (int i = 0; i < flips.length; i++) {
            item ^= 1 << (flips[i] & 31);
            if ((flips[i] & 0x60) == 0x60) {
                item ^= 1 << ((flips[i] + 7) & 31); // 7 bits apart: within a byte that is 0x81
            }
            items[i] = item;
        }
        assertArrayEquals(compressBitByBit(1, items), ChromaprintCodec.compress(1, items));
    }

    @Test
    void everyByteOfADeltaInEveryPositionCompressesAsTheFormatSays() {
        for (int b = 0; b < 256; b++) {
            for (int shift = 0; shift < 32; shift += 8) {
                int[] items = {b << shift, 0, (b << shift) | 0x80, 0x01000001, b << shift};
                assertArrayEquals(compressBitByBit(1, items), ChromaprintCodec.compress(1, items), "byte " + b + " at bit " + shift);
            }
        }
    }

    @Property(tries = 500)
    void simHashIsTheMajorityOfEachBit(@ForAll @Size(max = 1200) int[] items) {
        assertEquals(simHashBitByBit(items), FingerprintSimHash.of(items));
    }

    /** Lengths around the 255 items a lane holds, with every bit set: the fullest the lanes get. */
    @Test
    void simHashCountsPastFullLanes() {
        Random random = new Random(7);
        for (int length : new int[] {0, 1, 254, 255, 256, 509, 510, 511, 765, 1000}) {
            for (int fill : new int[] {-1, 0, 0x55555555}) {
                int[] items = new int[length];
                for (int i = 0; i < length; i++) {
                    items[i] = i % 3 == 2 ? random.nextInt() : fill;
                }
                assertEquals(simHashBitByBit(items), FingerprintSimHash.of(items), length + " items of " + fill);
            }
        }
    }

    @Property(tries = 200)
    void simHashOfAnOddMajorityAtEveryLength(@ForAll @IntRange(min = 1, max = 800) int length) {
        int[] items = new int[length];
        for (int i = 0; i < (length + 1) / 2; i++) {
            items[i] = -1; // one more item of all ones than of zeros, or a tie at an even length
        }
        assertEquals(length % 2 == 1 ? -1 : 0, FingerprintSimHash.of(items));
    }
}
