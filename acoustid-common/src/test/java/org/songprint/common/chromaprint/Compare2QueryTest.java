package org.songprint.common.chromaprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The prepared query path of compare2 must score exactly as the C code does. The oracle here is a
 * plain transcription of {@code acoustid_compare2}'s steps (fresh uint16 tables every call, the seen
 * table aliasing the position table's first bytes), checked on many pairs built to reach every
 * branch: offsets either way, key 16383, keys at position 0, repetitive fingerprints, uint16 wrap.
 */
class Compare2QueryTest {

    private final FingerprintComparator cmp = new FingerprintComparator();

    @Test
    void preparedAndUnpreparedScoresEqualTheCTranscription() {
        Random random = new Random(7);
        int nonZero = 0;
        for (int round = 0; round < 3000; round++) {
            int[] a = fingerprint(random, random.nextInt(round % 50 == 0 ? 8 : 1200));
            int[] b = related(random, a);
            int maxOffset = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(120);
            float expected = oracle(a, b, maxOffset);
            Compare2Query query = Compare2Query.of(b);
            assertEquals(expected, cmp.compare2(a, query, maxOffset), "prepared, round " + round);
            assertEquals(expected, cmp.compare2(a, b, maxOffset), "unprepared, round " + round);
            assertEquals(oracle(b, a, maxOffset), cmp.compare2(b, Compare2Query.of(a), maxOffset), "swapped, round " + round);
            if (expected > 0) {
                nonZero++;
            }
        }
        // the pairs are related often enough that most scores exercise the bit-error arithmetic
        assertEquals(true, nonZero > 800, "non-zero scores: " + nonZero);
    }

    @Test
    void onePreparedQueryScoresManyFingerprints() {
        Random random = new Random(11);
        int[] query = fingerprint(random, 900);
        Compare2Query prepared = Compare2Query.of(query);
        for (int i = 0; i < 200; i++) {
            int[] stored = related(random, query);
            assertEquals(oracle(stored, query, 80), cmp.compare2(stored, prepared, 80), "stored " + i);
        }
    }

    @Test
    void queriesPreparedInTheComparatorScoreAsTheirOwn() {
        Random random = new Random(13);
        for (int search = 0; search < 60; search++) {
            int[] query = fingerprint(random, 200 + random.nextInt(900));
            Compare2Query prepared = cmp.prepare(query);
            for (int i = 0; i < 20; i++) {
                int[] stored = related(random, query);
                assertEquals(oracle(stored, query, 80), cmp.compare2(stored, prepared, 80), "search " + search + ", stored " + i);
                // the comparator's other path, in between, must not disturb the prepared query
                assertEquals(oracle(stored, query, 80), cmp.compare2(stored, query, 80));
            }
            // every third search ends without release, as one that failed half-way would
            if (search % 3 != 0) {
                cmp.release();
            }
        }
    }

    @Test
    void positionsPastTheUint16RangeWrapAsInC() {
        Random random = new Random(3);
        int[] a = fingerprint(random, 70_000);
        int[] b = java.util.Arrays.copyOfRange(a, 66_000, 70_000);
        for (int i = 0; i < b.length; i += 7) {
            b[i] ^= 1 << random.nextInt(32);
        }
        assertEquals(oracle(a, b, 0), cmp.compare2(a, Compare2Query.of(b), 0));
        assertEquals(oracle(b, a, 0), cmp.compare2(b, Compare2Query.of(a), 0));
    }

    // Items from a key space that is sometimes small (repetitive), with key 16383 and key 8191 mixed in.
    private static int[] fingerprint(Random random, int length) {
        int keys = switch (random.nextInt(4)) {
            case 0 -> 16;
            case 1 -> 300;
            default -> 16384;
        };
        int[] items = new int[length];
        for (int i = 0; i < length; i++) {
            int key = random.nextInt(keys);
            int roll = random.nextInt(100);
            if (roll == 0) {
                key = 16383;
            } else if (roll == 1) {
                key = 8191;
            }
            items[i] = key << 18 | random.nextInt(1 << 18);
        }
        return items;
    }

    // A shifted, cut, noisy copy of a, or sometimes an unrelated fingerprint.
    private static int[] related(Random random, int[] a) {
        if (a.length == 0 || random.nextInt(10) == 0) {
            return fingerprint(random, random.nextInt(1000));
        }
        int shift = random.nextInt(161) - 80;
        int length = Math.max(0, a.length - Math.abs(shift) - random.nextInt(Math.max(1, a.length / 3)));
        int[] b = new int[length];
        for (int i = 0; i < length; i++) {
            int from = shift >= 0 ? i + shift : i;
            int to = shift >= 0 ? i : i - shift;
            if (to < length && from < a.length) {
                b[to] = a[from];
            }
        }
        double ber = random.nextDouble() * 0.3;
        for (int i = 0; i < length; i++) {
            for (int bit = 0; bit < 32; bit++) {
                if (random.nextDouble() < ber) {
                    b[i] ^= 1 << bit;
                }
            }
        }
        return b;
    }

    /** acoustid_compare2, step by step as the C code runs it. */
    static float oracle(int[] a, int[] b, int maxOffset) {
        int aSize = a.length;
        int bSize = b.length;
        if (aSize == 0 || bSize == 0) {
            return 0f;
        }
        char[] aOffsets = new char[16384];
        char[] bOffsets = new char[16384];
        for (int i = 0; i < aSize; i++) {
            aOffsets[a[i] >>> 18] = (char) i;
        }
        for (int i = 0; i < bSize; i++) {
            bOffsets[b[i] >>> 18] = (char) i;
        }
        int[] counts = new int[aSize + bSize + 1];
        int topCount = 0;
        int topOffset = 0;
        for (int key = 0; key < 16383; key++) {
            if (aOffsets[key] != 0 && bOffsets[key] != 0) {
                int offset = aOffsets[key] - bOffsets[key];
                if (maxOffset == 0 || (-maxOffset <= offset && offset <= maxOffset)) {
                    offset += bSize;
                    counts[offset]++;
                    if (counts[offset] > topCount) {
                        topCount = counts[offset];
                        topOffset = offset;
                    }
                }
            }
        }
        topOffset -= bSize;
        // seen aliases aOffsets' bytes (little-endian); 16383 of them are cleared
        byte[] seen = new byte[16384];
        seen[16383] = (byte) (aOffsets[8191] >>> 8);
        int minSize = Math.min(aSize, bSize) & ~1;
        int aStart = 0;
        int bStart = 0;
        if (topOffset < 0) {
            bStart = -topOffset;
            bSize = Math.max(0, bSize + topOffset);
        } else {
            aStart = topOffset;
            aSize = Math.max(0, aSize - topOffset);
        }
        int size = Math.min(aSize, bSize) / 2;
        if (size == 0 || minSize == 0) {
            return 0f;
        }
        int aUniq = 0;
        for (int i = aStart; i < aStart + aSize; i++) {
            int key = a[i] >>> 18;
            if (seen[key] == 0) {
                aUniq++;
                seen[key] = 1;
            }
        }
        java.util.Arrays.fill(seen, 0, 16383, (byte) 0);
        int bUniq = 0;
        for (int i = bStart; i < bStart + bSize; i++) {
            int key = b[i] >>> 18;
            if (seen[key] == 0) {
                bUniq++;
                seen[key] = 1;
            }
        }
        double aDiversity = Math.min(1.0, (float) (aUniq + 10) / (float) aSize + 0.5);
        double bDiversity = Math.min(1.0, (float) (bUniq + 10) / (float) bSize + 0.5);
        float diversity = (float) Math.min(aDiversity, bDiversity);
        if (topCount < Math.max(aUniq, bUniq) * 0.02) {
            return 0f;
        }
        int bitErrors = 0;
        for (int i = 0; i < 2 * size; i++) {
            bitErrors += Integer.bitCount(a[aStart + i] ^ b[bStart + i]);
        }
        float score = (float) ((size * 2.0 / minSize) * (1.0 - 2.0 * (double) (float) bitErrors / (64 * size)));
        if (score < 0.0) {
            score = 0f;
        }
        if (diversity < 1.0) {
            score = (float) StrictMath.pow(score, 8.0 - 7.0 * diversity);
        }
        return score;
    }
}
