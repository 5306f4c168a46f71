package org.songprint.fingerprint.index.packed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedIntsTest {

    @Test
    void everyValueReadsBackAtEveryWidth() {
        Random random = new Random(25);
        for (int bits = 1; bits <= 16; bits++) {
            int count = 1 + random.nextInt(500);
            char[] values = new char[count];
            for (int i = 0; i < count; i++) {
                values[i] = (char) random.nextInt(1 << bits);
            }
            // the largest value decides the width: make it need exactly `bits`
            values[random.nextInt(count)] = (char) ((1 << bits) - 1);
            PackedInts packed = PackedInts.of(values);
            assertEquals(bits, packed.bitsPerValue());
            assertEquals(count, packed.size());
            for (int i = 0; i < count; i++) {
                assertEquals(values[i], packed.get(i), "value " + i + " at " + bits + " bits");
            }
        }
    }

    @Test
    void positionsOfExcerptTermsTakeTheirWidthNotAChar() {
        char[] positions = new char[64_000];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = (char) (i % 1000);
        }
        PackedInts packed = PackedInts.of(positions);
        assertEquals(10, packed.bitsPerValue());
        assertEquals(80_008, packed.bytes());
    }

    @Test
    void allZerosAndEmptyArePacked() {
        PackedInts zeros = PackedInts.of(new char[100]);
        assertEquals(1, zeros.bitsPerValue());
        assertEquals(0, zeros.get(99));
        assertEquals(0, PackedInts.of(new char[0]).size());
    }
}
