package org.songprint.common.chromaprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of the comparator beyond the pg_acoustid vectors (which {@link Compare2VectorsTest}
 * checks bit for bit): the documented asymmetry, long inputs, the sized overloads and reuse.
 */
class FingerprintComparatorTest {

    private final FingerprintComparator cmp = new FingerprintComparator();

    /**
     * The C code clears only 16383 bytes of its "seen" table, so whether key 16383 counts as a
     * distinct key depends on a's position slot of key 8191. Here y is the least diverse side,
     * so counting its key 16383 item or not changes the diversity exponent, and the score.
     */
    @Test
    void staleSeenByteMakesCompare2Asymmetric() {
        int[] x = cycle(400, 20);
        int[] y = cycle(400, 20);
        for (int i = 200; i < 210; i++) {
            x[i] = key(i); // x: 10 more distinct keys
        }
        x[300] = key(8191); // last position 300 >= 256: the stale byte is set when x goes first
        y[100] = key(8191); // last position 100 < 256: not set when y goes first
        x[390] = -1;        // key 16383
        y[390] = -1;

        float xy = cmp.compare2(x, y, 80);
        float yx = cmp.compare2(y, x, 80);
        assertTrue(xy > 0 && yx > 0, xy + " " + yx);
        assertNotEquals(xy, yx);
        // x first: y's key-16383 item is not counted, y looks less diverse, the exponent is larger.
        assertTrue(xy < yx, xy + " < " + yx);

        // With key 8191 late in both, the stale byte is set in both orders: symmetric again.
        y[100] = key(5);
        y[300] = key(8191);
        x[100] = key(5);
        assertEquals(cmp.compare2(x, y, 80), cmp.compare2(y, x, 80));
    }

    @Test
    void theOffsetCompare2AlignedOnIsTheShiftBetweenTheFingerprints() {
        int[] raw = FpcalcFixtures.load(FpcalcFixtures.NAMES.get(0)).raw();
        int[] later = Arrays.copyOfRange(raw, 12, raw.length); // starts 12 items into raw
        float score = cmp.compare2(raw, later, FingerprintComparator.ACOUSTID_MAX_OFFSET);
        assertTrue(score > 0.9, "score " + score);
        assertEquals(12, cmp.lastOffset()); // raw[i] was compared with later[i - 12]
        cmp.compare2(later, raw, FingerprintComparator.ACOUSTID_MAX_OFFSET);
        assertEquals(-12, cmp.lastOffset());
        cmp.compare2(raw, raw.clone(), FingerprintComparator.ACOUSTID_MAX_OFFSET);
        assertEquals(0, cmp.lastOffset());
        cmp.compare2(raw, later, FingerprintComparator.ACOUSTID_MAX_OFFSET);
        cmp.compare2(new int[0], raw, FingerprintComparator.ACOUSTID_MAX_OFFSET);
        assertEquals(0, cmp.lastOffset());
    }

    @Test
    void identicalRealFingerprintsScoreOne() {
        for (String name : FpcalcFixtures.NAMES) {
            int[] raw = FpcalcFixtures.load(name).raw();
            assertEquals(1.0f, cmp.compare2(raw, raw.clone(), FingerprintComparator.ACOUSTID_MAX_OFFSET), name);
        }
    }

    @Test
    void aCopyWithItsStartCutIsFoundWithinTheOffsetLimit() {
        int[] full = FpcalcFixtures.load("long-9min").raw();
        int[] song = Arrays.copyOfRange(full, 0, 948);
        int[] cut = Arrays.copyOfRange(full, 57, 57 + 948);  // about 7 s later
        assertTrue(cmp.compare2(song, cut, 80) > 0.9f);
        assertEquals(0.0f, cmp.compare2(song, cut, 50)); // the right offset is not allowed
        int[] far = Arrays.copyOfRange(full, 2000, 2948);
        assertEquals(0.0f, cmp.compare2(song, far, 80));
    }

    /** Positions are uint16 in C: beyond 65535 items they wrap, and nothing breaks. */
    @Test
    void fingerprintsLongerThanSixteenBitPositionsAreHandled() {
        Random random = new Random(7);
        int[] a = new int[70_000];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextInt();
        }
        int[] b = a.clone();
        for (int i = 0; i < b.length; i += 3) {
            b[i] ^= 1 << random.nextInt(32);
        }
        float same = cmp.compare2(a, a.clone(), 80);
        float noisy = cmp.compare2(a, b, 0);
        assertEquals(1.0f, same);
        assertTrue(noisy > 0.5f && noisy < 1.0f, "score " + noisy);
        assertTrue(cmp.compare3(a, 2000, b, 2000, 10) > 0.5f);
    }

    @Test
    void sizedOverloadsSeeOnlyTheirPrefix() {
        int[] raw = FpcalcFixtures.load("arpeggio-130s").raw();
        int[] other = FpcalcFixtures.load("noise-chords-60s").raw();
        int[] padded = Arrays.copyOf(raw, raw.length + 100);
        System.arraycopy(other, 0, padded, raw.length, 100);
        assertEquals(cmp.compare2(raw, other, 80), cmp.compare2(padded, raw.length, other, other.length, 80));
        assertEquals(cmp.compare3(raw, other, 80), cmp.compare3(padded, raw.length, other, other.length, 80));
        int[] out = new int[FingerprintComparator.QUERY_LENGTH];
        int n = FingerprintComparator.extractQuery(padded, raw.length, out);
        assertArrayEquals(FingerprintComparator.extractQuery(raw), Arrays.copyOf(out, n));
        assertThrows(IndexOutOfBoundsException.class, () -> cmp.compare2(raw, raw.length + 1, other, 1, 80));
        assertThrows(IllegalArgumentException.class, () -> FingerprintComparator.extractQuery(raw, raw.length, new int[119]));
    }

    @Test
    void extractQueryTakesDistinctMaskedTermsFromItemEighty() {
        int[] raw = new int[400];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (i / 2) << 4 | (i & 15); // pairs share their top 28 bits
        }
        raw[81] = FingerprintComparator.SILENCE;
        int[] query = FingerprintComparator.extractQuery(raw);
        assertEquals(120, query.length);
        assertEquals(40 << 4, query[0]); // raw[80]; raw[81] is silence
        assertEquals(41 << 4, query[1]); // raw[82]
        for (int term : query) {
            assertEquals(0, term & 15);
        }
        // Short fingerprints start earlier so that 120 terms can still be found.
        // 149 non-silent items: start at 149 - 120 = 29. Under 120: start at 0.
        assertEquals(14 << 4, FingerprintComparator.extractQuery(Arrays.copyOf(raw, 150))[0]);
        assertEquals(0, FingerprintComparator.extractQuery(Arrays.copyOf(raw, 100))[0]);
        assertEquals(50, FingerprintComparator.extractQuery(Arrays.copyOf(raw, 100)).length);
    }

    @Test
    void forCurrentThreadIsOnePerThread() throws InterruptedException {
        FingerprintComparator mine = FingerprintComparator.forCurrentThread();
        assertSame(mine, FingerprintComparator.forCurrentThread());
        FingerprintComparator[] other = new FingerprintComparator[1];
        Thread t = new Thread(() -> other[0] = FingerprintComparator.forCurrentThread());
        t.start();
        t.join();
        assertNotEquals(mine, other[0]);
    }

    private static int key(int k) {
        return k << 18 | 0x2A5A5;
    }

    private static int[] cycle(int n, int period) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = key(100 + i % period);
        }
        return out;
    }
}
