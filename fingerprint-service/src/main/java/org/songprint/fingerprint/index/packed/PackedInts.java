package org.songprint.fingerprint.index.packed;

/**
 * Non-negative ints held in as many bits each as the largest needs, packed into longs: the positions
 * of a segment's excerpt terms fit in about 10 bits, where a char array spends 16 on each of hundreds
 * of millions.
 */
final class PackedInts {

    private final long[] words;
    private final int bits;
    private final long mask;
    private final int size;

    private PackedInts(long[] words, int bits, int size) {
        this.words = words;
        this.bits = bits;
        this.mask = (1L << bits) - 1;
        this.size = size;
    }

    /** Packs {@code values}, each in the bits its largest value needs (at least one). */
    static PackedInts of(char[] values) {
        int max = 0;
        for (char value : values) {
            max = Math.max(max, value);
        }
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(max));
        // one spare word, so a value ending in the last word can be read with the two-word path
        long[] words = new long[(int) (((long) values.length * bits + 63) >>> 6) + 1];
        for (int i = 0; i < values.length; i++) {
            long bit = (long) i * bits;
            int word = (int) (bit >>> 6);
            int shift = (int) (bit & 63);
            words[word] |= (long) values[i] << shift;
            if (shift + bits > 64) {
                words[word + 1] |= (long) values[i] >>> (64 - shift);
            }
        }
        return new PackedInts(words, bits, values.length);
    }

    int get(int index) {
        long bit = (long) index * bits;
        int word = (int) (bit >>> 6);
        int shift = (int) (bit & 63);
        long value = words[word] >>> shift;
        if (shift + bits > 64) {
            value |= words[word + 1] << (64 - shift);
        }
        return (int) (value & mask);
    }

    int size() {
        return size;
    }

    int bitsPerValue() {
        return bits;
    }

    long bytes() {
        return words.length * 8L;
    }
}
