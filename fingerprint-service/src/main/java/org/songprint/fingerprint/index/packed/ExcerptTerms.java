package org.songprint.fingerprint.index.packed;

import java.util.List;
import org.songprint.common.chromaprint.FingerprintComparator;

/**
 * The terms an excerpt is found by, taken alike from a stored fingerprint and from a clip: every
 * item masked to the bits of its most robust classifiers ({@code mask}), kept only
 * <ul>
 *   <li>where a hash of the term falls in the sample (one term value in {@code sampleModulus}): the
 *       choice depends on the value alone, so a clip keeps exactly the terms its original kept, and
 *       the postings shrink by the same factor;</li>
 *   <li>at the first item of a run of equal terms (neighbouring items often agree in their top bits;
 *       one posting per run places the clip as well);</li>
 *   <li>not for silence, which every recording shares.</li>
 * </ul>
 * Positions past {@link #MAX_POSITION} (2 h 15 min into a full-length fingerprint) are not indexed.
 *
 * <p>An item is 16 classifiers of two bits each, the first in the top bits. Measured on real music
 * cut on a frame grid of its own, their bits differ from the original's ten times more often for
 * some classifiers (7, 9 and 13: 7–9 %) than for others (0, 1, 2, 6 and 14: about 1 %); a term of
 * the twelve most robust ({@link #ROBUST_CLASSIFIERS}) agrees far more often than an item's top bits,
 * which hold three of the worst (see {@code docs/fingerprint-index.md}, "Excerpts").
 */
public record ExcerptTerms(int mask, int sampleModulus) {

    static final int MAX_POSITION = Character.MAX_VALUE;
    /** One term value in this many is indexed unless configured otherwise: under 1 KB per fingerprint at a million. */
    public static final int DEFAULT_SAMPLE = 3;
    /**
     * The twelve classifiers whose bits survive a clip's own frame grid, MP3 and noise best: 24 bits,
     * few enough documents per term for a search to stay cheap at millions of fingerprints.
     */
    public static final List<Integer> ROBUST_CLASSIFIERS = List.of(0, 1, 2, 3, 5, 6, 8, 10, 11, 12, 14, 15);

    public ExcerptTerms {
        if (Integer.bitCount(mask) < 8) {
            throw new IllegalArgumentException("an excerpt term needs at least 8 bits: " + Integer.toHexString(mask));
        }
        if (sampleModulus < 1) {
            throw new IllegalArgumentException("excerpt sample modulus must be at least 1: " + sampleModulus);
        }
    }

    /** Terms of the bits of {@code classifiers} (0 to 15, 0 the top two bits of an item). */
    public static ExcerptTerms ofClassifiers(List<Integer> classifiers, int sampleModulus) {
        int mask = 0;
        for (int classifier : classifiers) {
            if (classifier < 0 || classifier > 15) {
                throw new IllegalArgumentException("a classifier is 0 to 15: " + classifier);
            }
            mask |= 3 << (30 - 2 * classifier);
        }
        return new ExcerptTerms(mask, sampleModulus);
    }

    /** Receives the terms of a fingerprint in the order of their positions. */
    interface Sink {
        void accept(int term, int position);
    }

    void forEach(int[] items, Sink sink) {
        forEach(items, items.length, sink);
    }

    void forEach(int[] items, int length, Sink sink) {
        int end = Math.min(length, MAX_POSITION + 1);
        int previous = 0;
        for (int position = 0; position < end; position++) {
            int item = items[position];
            int term = item & mask;
            boolean repeat = position > 0 && term == previous;
            previous = term;
            if (!repeat && item != FingerprintComparator.SILENCE && sampled(term)) {
                sink.accept(term, position);
            }
        }
    }

    boolean sampled(int term) {
        // a hash unrelated to the bucket's (which takes the top bits of term * 0x9E3779B9)
        int mixed = term * 0x85EBCA6B;
        return Integer.remainderUnsigned(mixed ^ (mixed >>> 15), sampleModulus) == 0;
    }
}
