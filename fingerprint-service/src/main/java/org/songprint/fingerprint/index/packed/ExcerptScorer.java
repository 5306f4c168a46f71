package org.songprint.fingerprint.index.packed;

import java.util.Arrays;
import org.songprint.fingerprint.index.ExcerptMatch;

/**
 * Scores a clip against a stored fingerprint at a given alignment, as compare2 scores whole
 * fingerprints: coverage × (1 − 2 × bit error rate), where coverage is the share of the clip that
 * lies inside the stored fingerprint, and the same penalty for a clip of few distinct items (a held
 * note, near silence) that compare2 applies, since such a clip agrees with too much.
 *
 * <p>Most stored fingerprints are fpcalc's first 120 s of a longer recording. The part of a clip
 * past the end of such a truncated fingerprint is unknown, not different: it does not count against
 * the coverage. Past the end of a fingerprint of the whole recording, it does (the clip holds other
 * audio, as a clip from a mix may).
 */
final class ExcerptScorer {

    /** An alignment must overlap at least this many items (2.5 s) and half the clip: less says too little. */
    static final int MIN_OVERLAP = 20;
    /** A stored fingerprint shorter than its recording by more than this many seconds is truncated. */
    static final double TRUNCATED_MARGIN_SECONDS = 3;

    private static final int KEYS = 1 << 14;

    private final int[] clip;
    /** The distinct compare2 keys of the whole clip, which most alignments cover. */
    private final int clipKeys;
    private final long[] seenKeys = new long[KEYS / 64];

    /** A scorer of {@code clip}, for one search: it keeps what every alignment of the clip shares. */
    ExcerptScorer(int[] clip) {
        this.clip = clip;
        this.clipKeys = distinctKeys(0, clip.length);
    }

    /** A score and the stored item where the clip begins. */
    record Alignment(float score, int offset) {
    }

    /**
     * The best alignment of the clip in {@code stored} (of a recording {@code storedSeconds} long)
     * within {@code radius} items of {@code around}.
     */
    Alignment best(int[] stored, int storedSeconds, int around, int radius) {
        boolean truncated = storedSeconds > stored.length * ExcerptMatch.ITEM_SECONDS + TRUNCATED_MARGIN_SECONDS;
        float bestScore = 0;
        int bestOffset = around;
        for (int offset = around - radius; offset <= around + radius; offset++) {
            float score = score(stored, offset, truncated);
            if (score > bestScore) {
                bestScore = score;
                bestOffset = offset;
            }
        }
        return new Alignment(bestScore, bestOffset);
    }

    /**
     * The clip's score with its first item at {@code stored[offset]} (a negative offset starts it
     * before the stored fingerprint); past the end of a {@code truncated} one the clip is not judged.
     */
    float score(int[] stored, int offset, boolean truncated) {
        int from = Math.max(0, -offset);
        int to = Math.min(clip.length, stored.length - offset);
        int overlap = to - from;
        if (overlap < Math.min(clip.length, Math.max(MIN_OVERLAP, (clip.length + 1) / 2))) {
            return 0;
        }
        int judged = truncated ? to : clip.length;
        long bitErrors = 0;
        for (int i = from; i < to; i++) {
            bitErrors += Integer.bitCount(clip[i] ^ stored[i + offset]);
        }
        double coverage = (double) overlap / judged;
        double score = Math.max(0, coverage * (1 - 2.0 * bitErrors / (32.0 * overlap)));
        int keys = from == 0 && to == clip.length ? clipKeys : distinctKeys(from, to);
        double diversity = Math.min(1, (keys + 10.0) / overlap + 0.5);
        if (diversity < 1) {
            score = Math.pow(score, 8 - 7 * diversity);
        }
        return (float) score;
    }

    // the top 14 bits of an item, as compare2 keys them
    private int distinctKeys(int from, int to) {
        Arrays.fill(seenKeys, 0);
        int distinct = 0;
        for (int i = from; i < to; i++) {
            int key = clip[i] >>> 18;
            long bit = 1L << key;
            if ((seenKeys[key >>> 6] & bit) == 0) {
                seenKeys[key >>> 6] |= bit;
                distinct++;
            }
        }
        return distinct;
    }
}
