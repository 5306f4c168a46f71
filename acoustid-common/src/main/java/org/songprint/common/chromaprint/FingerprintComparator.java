package org.songprint.common.chromaprint;

import java.util.Arrays;

/**
 * AcoustID's fingerprint scoring, equal bit for bit to the {@code pg_acoustid} PostgreSQL
 * functions the AcoustID server scores with: {@code acoustid_compare2},
 * {@code acoustid_compare3} and {@code acoustid_extract_query}. Every quirk of the C code that
 * changes a result is reproduced on purpose (see {@code docs/fingerprint-scoring.md}), so that
 * scores, and thresholds clients apply to them such as beets' 0.5, mean what they mean on AcoustID.
 *
 * <p>An instance owns its scratch tables (about 200 KiB, allocated once, grown only for longer
 * fingerprints) and is <b>not thread-safe</b>: use one per thread, for example through
 * {@link #forCurrentThread()}. {@link #compare2} then allocates nothing and runs in
 * O(|a| + |b|) time (plus a fixed 256-word scan); {@link #compare3} is O(|a| &middot; |b|)
 * without an offset limit and O(|a| &middot; maxOffset) with one.
 */
public final class FingerprintComparator {

    /** The offset limit AcoustID passes to {@code acoustid_compare2} ({@code TRACK_MAX_OFFSET}). */
    public static final int ACOUSTID_MAX_OFFSET = 80;
    /** Seconds of audio between two items: Chromaprint's hop of 1365 samples at 11,025 Hz. */
    public static final double ITEM_SECONDS = 1365.0 / 11025.0;
    /** The item Chromaprint emits for digital silence (0x256DF977). */
    public static final int SILENCE = 627964279;
    /** Most terms {@link #extractQuery} returns. */
    public static final int QUERY_LENGTH = 120;
    /** Preferred first raw position of {@link #extractQuery}, about 10 s into the audio. */
    public static final int QUERY_START = 80;
    /** Query terms keep the top 28 bits of an item. */
    public static final int QUERY_MASK = 0xFFFFFFF0;

    static final int KEY_SHIFT = 32 - 14;
    static final int KEYS = 1 << 14;
    /** The C voting loop runs {@code key < 16383}, so the all-ones key never votes. */
    static final int LAST_KEY = KEYS - 1;

    private static final ThreadLocal<FingerprintComparator> PER_THREAD =
            ThreadLocal.withInitial(FingerprintComparator::new);

    // Last position (mod 2^16, 0 = absent) of each top-14-bit key, as C's uint16_t tables.
    // Kept all-zero between calls: only the entries a call set are cleared again.
    private final char[] aPos = new char[KEYS];
    /** b of an unprepared compare2, its positions all-zero between calls. */
    private final Compare2Query scratchQuery = new Compare2Query();
    /** b of {@link #prepare}, its positions all-zero while nothing is prepared. */
    private final Compare2Query preparedQuery = new Compare2Query();
    private boolean prepared;
    /** Keys written to aPos by the current call, one bit per key, for ordered voting and cleanup. */
    private final long[] aKeys = new long[KEYS / 64];
    /** Generation stamps: key k counts as "seen" when seenAt[k] == generation. */
    private final int[] seenAt = new int[KEYS];
    private int generation;
    /** Votes per offset + |b|; all-zero between calls. */
    private int[] counts = new int[4096];
    // the offset the last compare2 aligned on (see lastOffset)
    private int lastOffset;
    /** Offsets (+|b|) voted for by the current call, to clear {@link #counts} cheaply. */
    private final int[] voted = new int[KEYS];

    /** A comparator with its own scratch tables; confine it to one thread at a time. */
    public FingerprintComparator() {
    }

    /** This thread's comparator. */
    public static FingerprintComparator forCurrentThread() {
        return PER_THREAD.get();
    }

    // ---------------------------------------------------------------------------------------
    // compare2

    /**
     * {@code acoustid_compare2(a, b, maxOffset)}: the similarity of two raw fingerprints in
     * [0, 1]. AcoustID scores with {@code maxOffset} {@value #ACOUSTID_MAX_OFFSET}; 0 means no
     * offset limit. Returns 0 if either is empty. Not symmetric in general (a quirk of the C
     * code, see the docs): AcoustID calls it as {@code compare2(stored, query)}.
     */
    public float compare2(int[] a, int[] b, int maxOffset) {
        return compare2(a, a.length, b, b.length, maxOffset);
    }

    /** {@link #compare2(int[], int[], int)} on the first {@code aSize} and {@code bSize} items. */
    public float compare2(int[] a, int aSize, int[] b, int bSize, int maxOffset) {
        checkRange(a, aSize);
        checkRange(b, bSize);
        Compare2Query query = scratchQuery.fill(b, bSize);
        try {
            return compare2(a, aSize, query, maxOffset);
        } finally {
            query.clearPositions();
        }
    }

    /**
     * {@code items} prepared as the query side of {@link #compare2(int[], int, Compare2Query, int)}
     * in this comparator's own tables: what {@link Compare2Query#of} gives, without allocating its
     * 34 kB on every search. Valid until the next {@code prepare} on this comparator; one search at a
     * time per thread. {@link #release} when done; a query not released is cleared in full by the
     * next {@code prepare}, so an exception in between cannot leave a wrong table behind.
     */
    public Compare2Query prepare(int[] items) {
        if (prepared) {
            preparedQuery.clearAllPositions();
        }
        prepared = true;
        return preparedQuery.fill(items, items.length);
    }

    /** Clears what {@link #prepare} set (only the entries it wrote). */
    public void release() {
        if (prepared) {
            preparedQuery.clearPositions();
            prepared = false;
        }
    }

    /**
     * {@link #compare2(int[], int[], int)} against a prepared {@code b}: scoring many stored
     * fingerprints against one query does the query's half of the work once.
     */
    public float compare2(int[] a, Compare2Query b, int maxOffset) {
        return compare2(a, a.length, b, maxOffset);
    }

    /** {@link #compare2(int[], Compare2Query, int)} on the first {@code aSize} items of {@code a}. */
    public float compare2(int[] a, int aSize, Compare2Query query, int maxOffset) {
        checkRange(a, aSize);
        int[] b = query.items;
        int bSize = query.size;
        lastOffset = 0;
        if (aSize == 0 || bSize == 0) {
            return 0.0f;
        }

        // 1. Last position of every key of a, as uint16 (b's are in the query).
        for (int i = 0; i < aSize; i++) {
            int key = a[i] >>> KEY_SHIFT;
            aPos[key] = (char) i;
            aKeys[key >>> 6] |= 1L << key;
        }
        char[] bPos = query.positions;

        // 2. Each key found (at a nonzero position) in both votes for posA - posB. Keys are
        // visited in ascending order; the first offset to exceed the running top count wins.
        int[] cnt = counts;
        if (cnt.length < aSize + bSize + 1) {
            cnt = new int[Math.max(aSize + bSize + 1, cnt.length * 2)];
            counts = cnt;
        }
        int votes = 0;
        int topCount = 0;
        int topOffset = 0;
        for (int w = 0; w < aKeys.length; w++) {
            long bits = aKeys[w];
            if (w == aKeys.length - 1) {
                bits &= ~(1L << 63); // key 16383
            }
            while (bits != 0) {
                int key = (w << 6) | Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int pa = aPos[key];
                int pb = bPos[key];
                if (pa != 0 && pb != 0) {
                    int offset = pa - pb;
                    if (maxOffset == 0 || (-maxOffset <= offset && offset <= maxOffset)) {
                        int slot = offset + bSize;
                        int c = ++cnt[slot];
                        if (c == 1) {
                            voted[votes++] = slot;
                        }
                        if (c > topCount) {
                            topCount = c;
                            topOffset = slot;
                        }
                    }
                }
            }
        }
        topOffset -= bSize;
        lastOffset = topOffset;
        for (int v = 0; v < votes; v++) {
            cnt[voted[v]] = 0;
        }

        // 3. Align: drop the first topOffset items of a (or -topOffset of b).
        int minSize = Math.min(aSize, bSize) & ~1;
        int aStart = Math.max(0, topOffset);
        int bStart = Math.max(0, -topOffset);
        int aAligned = Math.max(0, aSize - aStart);
        int bAligned = Math.max(0, bSize - bStart);

        // The C code reuses the first bytes of its position table as the "seen" table and
        // clears only 16383 of them: seen[16383] starts as the high byte of a's uint16
        // position slot for key 8191.
        boolean seenLast = (aPos[8191] >>> 8) != 0;

        // 4. Distinct keys of a's aligned part (a key is in it when its last position is), while the
        // position table is cleared again; b's come from the query's suffix counts.
        int aDistinct = 0;
        boolean aHasLast = false;
        for (int w = 0; w < aKeys.length; w++) {
            long bits = aKeys[w];
            while (bits != 0) {
                int key = (w << 6) | Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (aPos[key] >= aStart) {
                    if (key == LAST_KEY) {
                        aHasLast = true;
                    } else {
                        aDistinct++;
                    }
                }
                aPos[key] = 0;
            }
            aKeys[w] = 0;
        }
        int size = Math.min(aAligned, bAligned) / 2;
        if (size <= 0 || minSize == 0) {
            return 0.0f;
        }
        if (aSize > Character.MAX_VALUE) { // positions wrapped in the uint16 table: count a's keys again
            aDistinct = 0;
            aHasLast = false;
            int g = nextGeneration();
            for (int i = aStart; i < aSize; i++) {
                int key = a[i] >>> KEY_SHIFT;
                if (key == LAST_KEY) {
                    aHasLast = true;
                } else if (seenAt[key] != g) {
                    seenAt[key] = g;
                    aDistinct++;
                }
            }
        }
        // key 16383 is counted once over a and b together, unless the stale seen byte was set
        int aUniq = aDistinct + (aHasLast && !seenLast ? 1 : 0);
        seenLast |= aHasLast;
        int bUniq = query.distinctFrom(bStart) + (query.hasLastKeyFrom(bStart) && !seenLast ? 1 : 0);

        // float / int is a float division in C; adding the double 0.5 widens to double.
        double aDiversity = Math.min(1.0, (float) (aUniq + 10) / (float) aAligned + 0.5);
        double bDiversity = Math.min(1.0, (float) (bUniq + 10) / (float) bAligned + 0.5);
        float diversity = (float) Math.min(aDiversity, bDiversity);

        if (topCount < Math.max(aUniq, bUniq) * 0.02) {
            return 0.0f;
        }

        // 5. Bit errors over the 2*size aligned items (C reads them as size uint64 words).
        int bitErrors = 0;
        for (int i = 0, n = 2 * size; i < n; i++) {
            bitErrors += Integer.bitCount(a[aStart + i] ^ b[bStart + i]);
        }
        float score = (float) ((size * 2.0 / minSize) * (1.0 - 2.0 * (double) (float) bitErrors / (64 * size)));
        if (score < 0.0) {
            score = 0.0f;
        }
        // 6. Penalise repetitive fingerprints.
        if (diversity < 1.0) {
            score = (float) StrictMath.pow(score, 8.0 - 7.0 * diversity);
        }
        return score;
    }

    /**
     * The offset the last compare2 on this comparator aligned its fingerprints on: {@code a[i]} was
     * compared with {@code b[i - offset]} (the offset of the most keys in common, as the C code
     * picks it; 0 when either was empty). Pages that draw two fingerprints aligned read it.
     */
    public int lastOffset() {
        return lastOffset;
    }

    private int nextGeneration() {
        if (++generation == 0) {
            Arrays.fill(seenAt, 0);
            generation = 1;
        }
        return generation;
    }

    // ---------------------------------------------------------------------------------------
    // compare3

    /**
     * {@code acoustid_compare3(a, b, maxOffset)}: for every pair (i, j) with fewer than 16
     * differing bits, offset i - j collects 16 minus the bit errors; the score is the best
     * offset's total / (16 min(|a|, |b|)). A {@code maxOffset} of -1 (the SQL default) means
     * no limit; otherwise j runs over {@code [max(0, i - maxOffset), min(|b|, i + maxOffset))},
     * an asymmetric window, so 0 always scores 0. Returns 0 if either is empty.
     */
    public float compare3(int[] a, int[] b, int maxOffset) {
        return compare3(a, a.length, b, b.length, maxOffset);
    }

    /** {@link #compare3(int[], int[], int)} on the first {@code aSize} and {@code bSize} items. */
    public float compare3(int[] a, int aSize, int[] b, int bSize, int maxOffset) {
        checkRange(a, aSize);
        checkRange(b, bSize);
        if (aSize == 0 || bSize == 0) {
            return 0.0f;
        }
        int[] cnt = counts;
        int numCounts = aSize + bSize + 1;
        if (cnt.length < numCounts) {
            cnt = new int[Math.max(numCounts, cnt.length * 2)];
            counts = cnt;
        }
        int jBegin = 0;
        int jEnd = bSize;
        for (int i = 0; i < aSize; i++) {
            if (maxOffset > -1) {
                jBegin = Math.max(0, i - maxOffset);
                jEnd = (int) Math.min(bSize, (long) i + maxOffset);
            }
            int x = a[i];
            int base = i + bSize;
            for (int j = jBegin; j < jEnd; j++) {
                int errors = Integer.bitCount(x ^ b[j]);
                if (errors < 16) {
                    cnt[base - j] += 16 - errors;
                }
            }
        }
        int top = 0;
        for (int k = 0; k < numCounts; k++) {
            if (cnt[k] > top) {
                top = cnt[k];
            }
            cnt[k] = 0;
        }
        return (float) ((float) top / (16.0 * Math.min(aSize, bSize)));
    }

    // ---------------------------------------------------------------------------------------
    // extract_query

    /**
     * {@code acoustid_extract_query(raw)}: the index terms of a fingerprint. Up to
     * {@value #QUERY_LENGTH} distinct values {@code item & 0xFFFFFFF0}, in first-seen order,
     * skipping silence items, starting at raw position
     * {@code max(0, min(nonSilentItems - 120, 80))}.
     */
    public static int[] extractQuery(int[] raw) {
        int[] query = new int[QUERY_LENGTH];
        int n = extractQuery(raw, raw.length, query);
        return n == QUERY_LENGTH ? query : Arrays.copyOf(query, n);
    }

    /**
     * Allocation-free {@link #extractQuery(int[])} over the first {@code size} items: writes the
     * terms to {@code out} (at least {@value #QUERY_LENGTH} long) and returns how many.
     */
    public static int extractQuery(int[] raw, int size, int[] out) {
        checkRange(raw, size);
        if (out.length < QUERY_LENGTH) {
            throw new IllegalArgumentException("out must hold " + QUERY_LENGTH + " terms");
        }
        int clean = 0;
        for (int i = 0; i < size; i++) {
            if (raw[i] != SILENCE) {
                clean++;
            }
        }
        if (clean == 0) {
            return 0;
        }
        int n = 0;
        next:
        for (int i = Math.max(0, Math.min(clean - QUERY_LENGTH, QUERY_START)); i < size && n < QUERY_LENGTH; i++) {
            if (raw[i] == SILENCE) {
                continue;
            }
            int term = raw[i] & QUERY_MASK;
            for (int j = 0; j < n; j++) {
                if (out[j] == term) {
                    continue next;
                }
            }
            out[n++] = term;
        }
        return n;
    }

    private static void checkRange(int[] array, int size) {
        if (size < 0 || size > array.length) {
            throw new IndexOutOfBoundsException("size " + size + " outside 0.." + array.length);
        }
    }
}
