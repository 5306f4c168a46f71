package org.songprint.common.chromaprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.songprint.common.chromaprint.FpcalcFixtures.Fixture;
import org.songprint.common.chromaprint.InvalidFingerprintException.Reason;
import org.songprint.testsupport.AudioFixtures;

/** The codec against real fpcalc output, and its edge cases that are valid input. */
class ChromaprintCodecTest {

    @TestFactory
    Stream<DynamicTest> decodingFpcalcStringsGivesFpcalcRawItems() {
        return FpcalcFixtures.NAMES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Fixture f = FpcalcFixtures.load(name);
            Fingerprint fp = ChromaprintCodec.decode(f.encoded());
            assertEquals(name.endsWith("-alg4") ? 3 : 1, fp.algorithm(), "header algorithm byte");
            assertArrayEquals(f.raw(), fp.hashes());
        }));
    }

    @TestFactory
    Stream<DynamicTest> encodingFpcalcRawItemsGivesFpcalcStrings() {
        return FpcalcFixtures.NAMES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Fixture f = FpcalcFixtures.load(name);
            int algorithm = name.endsWith("-alg4") ? 3 : 1;
            assertEquals(f.encoded(), ChromaprintCodec.encode(algorithm, f.raw()));
            assertEquals(f.encoded(), ChromaprintCodec.encode(new Fingerprint(algorithm, f.raw())));
        }));
    }

    @Test
    void itemCountsFollowChromaprintsFrameArithmetic() {
        // 120 s fingerprinted (the default -length): 948 items, header AQADtA.
        Fixture arpeggio = FpcalcFixtures.load("arpeggio-130s");
        assertEquals(948, arpeggio.raw().length);
        assertTrue(arpeggio.encoded().startsWith("AQADtA"));
        // The whole 545 s with -length 0: beyond 2^12 items, with a long exception stream.
        Fixture longOne = FpcalcFixtures.load("long-9min");
        assertEquals(545, longOne.duration());
        assertTrue(longOne.raw().length > 4096, "items: " + longOne.raw().length);
        assertTrue(countEscapes(longOne.raw()) > 1000, "escaped gaps: " + countEscapes(longOne.raw()));
    }

    @Test
    void silenceIsOneRepeatedItemAndHasNoQueryTerms() {
        Fixture silence = FpcalcFixtures.load("silence-30s");
        assertTrue(silence.raw().length > 200);
        for (int item : silence.raw()) {
            assertEquals(FingerprintComparator.SILENCE, item);
        }
        assertEquals(0, FingerprintComparator.extractQuery(silence.raw()).length);
        assertEquals(silence.raw().length, ChromaprintCodec.decodeForAcoustId(silence.encoded()).size());
    }

    @Test
    void acoustIdDecodingRequiresAlgorithmOneAndAtLeastOneItem() {
        Fixture melody = FpcalcFixtures.load("melody-15s");
        assertArrayEquals(melody.raw(), ChromaprintCodec.decodeForAcoustId(melody.encoded()).hashes());

        Fixture alg4 = FpcalcFixtures.load("melody-15s-alg4");
        InvalidFingerprintException e = assertThrows(InvalidFingerprintException.class,
                () -> ChromaprintCodec.decodeForAcoustId(alg4.encoded()));
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, e.reason());
        assertEquals(3, ChromaprintCodec.decode(alg4.encoded()).algorithm());

        assertEquals(Reason.EMPTY, assertThrows(InvalidFingerprintException.class,
                () -> ChromaprintCodec.decodeForAcoustId("AQAAAA")).reason());
    }

    @Test
    void rawFormAcceptsSignedAndUnsignedViews() {
        Fixture f = FpcalcFixtures.load("noise-chords-60s");
        assertArrayEquals(f.raw(), ChromaprintCodec.parseRaw(ChromaprintCodec.formatRaw(f.raw(), false)));
        assertArrayEquals(f.raw(), ChromaprintCodec.parseRaw(ChromaprintCodec.formatRaw(f.raw(), true)));
        assertArrayEquals(new int[] {-1, -1, Integer.MIN_VALUE, Integer.MIN_VALUE, 0, 0, 7},
                ChromaprintCodec.parseRaw(" 4294967295,-1 ,2147483648, -2147483648,-0,+0,\t007\n"));
        assertArrayEquals(new int[0], ChromaprintCodec.parseRaw(""));
        assertArrayEquals(new int[0], ChromaprintCodec.parseRaw("  \n"));
        assertEquals("4294967295,0,1", ChromaprintCodec.formatRaw(new int[] {-1, 0, 1}, false));
        assertEquals("-1,0,1", ChromaprintCodec.formatRaw(new int[] {-1, 0, 1}, true));
    }

    @Test
    void emptyFingerprintIsTheBareHeader() {
        assertEquals("AQAAAA", ChromaprintCodec.encode(1, new int[0]));
        assertEquals(new Fingerprint(1, new int[0]), ChromaprintCodec.decode("AQAAAA"));
        assertEquals(new Fingerprint(0, new int[0]), ChromaprintCodec.decode("AAAAAA"));
    }

    @Test
    void canonicalPaddingIsAccepted() {
        Fixture f = FpcalcFixtures.load("melody-15s");
        String padded = f.encoded() + "=".repeat((4 - f.encoded().length() % 4) % 4);
        assertArrayEquals(f.raw(), ChromaprintCodec.decode(padded).hashes());
        assertEquals(new Fingerprint(1, new int[0]), ChromaprintCodec.decode("AQAAAA=="));
    }

    @Test
    void unusedTrailingBitsAreIgnoredAndReencodedAsZeros() {
        // "AQAAAA" ends in a character carrying 4 unused bits; "AQAAAP" sets them.
        assertEquals(new Fingerprint(1, new int[0]), ChromaprintCodec.decode("AQAAAP"));
        // One item 1: normal stream [1, 0] in one byte (0b00_000_001); set its 2 padding bits.
        byte[] bytes = ChromaprintCodec.compress(1, new int[] {1});
        assertArrayEquals(new byte[] {1, 0, 0, 1, 1}, bytes);
        bytes[4] |= (byte) 0xC0;
        String noisy = ChromaprintCodec.base64Encode(bytes);
        assertArrayEquals(new int[] {1}, ChromaprintCodec.decode(noisy).hashes());
        assertEquals(ChromaprintCodec.encode(1, new int[] {1}), ChromaprintCodec.encode(ChromaprintCodec.decode(noisy)));
    }

    @Test
    void countsAboveSixteenBitsUseAllThreeCountBytes() {
        int[] hashes = AudioFixtures.pseudoRandomItems(42, 70_000);
        String encoded = ChromaprintCodec.encode(1, hashes);
        byte[] header = Arrays.copyOf(ChromaprintCodec.base64Decode(encoded), 4);
        assertArrayEquals(new byte[] {1, 0x01, 0x11, 0x70}, header); // 70000 = 0x011170
        assertArrayEquals(hashes, ChromaprintCodec.decode(encoded).hashes());
    }

    @Test
    void extremeItemsRoundTrip() {
        int[] hashes = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1, 1 << 31 | 1, 0x80000000, 0, 0, -1, 0x40000001};
        for (int algorithm : new int[] {0, 1, 4, 255}) {
            String encoded = ChromaprintCodec.encode(algorithm, hashes);
            assertEquals(new Fingerprint(algorithm, hashes), ChromaprintCodec.decode(encoded));
        }
    }

    @Test
    void encodingRejectsWhatTheFormatCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> ChromaprintCodec.encode(256, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> ChromaprintCodec.encode(-1, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> ChromaprintCodec.compress(1, new int[ChromaprintCodec.MAX_ITEMS + 1]));
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint(300, new int[0]));
    }

    @Test
    void fingerprintEqualityUsesTheItems() {
        assertEquals(new Fingerprint(1, new int[] {1, 2}), new Fingerprint(1, new int[] {1, 2}));
        assertEquals(new Fingerprint(1, new int[] {1, 2}).hashCode(), new Fingerprint(1, new int[] {1, 2}).hashCode());
        assertTrue(!new Fingerprint(1, new int[] {1, 2}).equals(new Fingerprint(2, new int[] {1, 2})));
        assertEquals("Fingerprint[algorithm=1, size=2, hashes=[1, 2]]", new Fingerprint(1, new int[] {1, 2}).toString());
    }

    /** Gaps of 7 or more bits between the set bits of the items' XOR-deltas, counted bit by bit (not as the encoder walks them). */
    private static int countEscapes(int[] hashes) {
        int escapes = 0;
        int previous = 0;
        for (int h : hashes) {
            int changed = h ^ previous;
            previous = h;
            int lastSet = 0;
            for (int bit = 1; bit <= 32; bit++) {
                if ((changed >>> (bit - 1) & 1) == 1) {
                    escapes += bit - lastSet >= 7 ? 1 : 0;
                    lastSet = bit;
                }
            }
        }
        return escapes;
    }
}
