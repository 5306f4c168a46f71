package org.songprint.fingerprint.index.packed;

import org.songprint.common.chromaprint.FingerprintComparator;

/**
 * The terms an excerpt is found by, taken alike from a stored fingerprint and from a clip: every
 * item masked to its top {@code termBits} bits, kept only
 * <ul>
 *   <li>where a hash of the term falls in the sample (one term value in {@code sampleModulus}): the
 *       choice depends on the value alone, so a clip keeps exactly the terms its original kept, and
 *       the postings shrink by the same factor;</li>
 *   <li>at the first item of a run of equal terms (neighbouring items often agree in their top bits;
 *       one posting per run places the clip as well);</li>
 *   <li>not for silence, which every recording shares.</li>
 * </ul>
 * Positions past {@link #MAX_POSITION} (2 h 15 min into a full-length fingerprint) are not indexed.
 */
public record ExcerptTerms(int termBits, int sampleModulus) {

    static final int MAX_POSITION = Character.MAX_VALUE;

    public ExcerptTerms {
        if (termBits < 8 || termBits > 32) {
            throw new IllegalArgumentException("excerpt term bits must be 8 to 32: " + termBits);
        }
        if (sampleModulus < 1) {
            throw new IllegalArgumentException("excerpt sample modulus must be at least 1: " + sampleModulus);
        }
    }

    /** Receives the terms of a fingerprint in the order of their positions. */
    interface Sink {
        void accept(int term, int position);
    }

    void forEach(int[] items, Sink sink) {
        forEach(items, items.length, sink);
    }

    void forEach(int[] items, int length, Sink sink) {
        int mask = termBits == 32 ? -1 : -1 << (32 - termBits);
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
