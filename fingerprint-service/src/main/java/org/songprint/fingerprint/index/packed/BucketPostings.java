package org.songprint.fingerprint.index.packed;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.songprint.fingerprint.index.packed.storage.PrimitiveChannels;

/**
 * An immutable inverted index from term bucket to the ordinals of the documents holding a term in
 * that bucket, Elias–Fano coded: about 17 bits per posting at a million fingerprints.
 *
 * <p>Terms are hashed into {@code 2^bucketBits} buckets and only the bucket is stored: a query term
 * finds every document with a term in its bucket, so an unrelated document is occasionally counted
 * once more. With ~30 postings per bucket a query of 120 terms adds a few thousand such hits spread
 * over a million documents, which lifts almost no document above the two-hit floor and never removes
 * a real hit, so recall is unchanged while the terms themselves cost nothing.
 *
 * <p>Buckets are grouped into blocks of {@code 2^blockShift}; each block is one Elias–Fano sequence
 * of {@code localBucket * docCount + doc} values (low bits packed, high bits in unary). A lookup
 * skips to its bucket's first value by counting zeros a word at a time (blocks hold 128–256 postings,
 * a few words), then decodes the bucket's documents in ascending order.
 */
final class BucketPostings {

    private static final int TARGET_BLOCK_POSTINGS = 128;
    private static final int MAGIC = 0x53504250; // "SPBP"

    final int bucketBits;
    final int blockShift;
    final int docCount;
    /**
     * Per block, side by side in one cache line: its first bit in {@link #bits} and its
     * {@code count << 8 | lowWidth}. A lookup of a random bucket then misses the cache once for the
     * directory, where three arrays (start, count, width) cost three misses.
     */
    private final long[] directory;
    private final long[] bits;
    private final int maxBlockCount;

    private BucketPostings(int bucketBits, int blockShift, int docCount, int[] counts, byte[] lowWidths, long[] bits) {
        this.bucketBits = bucketBits;
        this.blockShift = blockShift;
        this.docCount = docCount;
        this.bits = bits;
        this.directory = new long[counts.length * 2];
        long start = 0;
        for (int block = 0; block < counts.length; block++) {
            directory[2 * block] = start;
            directory[2 * block + 1] = (long) counts[block] << 8 | lowWidths[block];
            start += blockBits(counts[block], lowWidths[block], universe());
        }
        this.maxBlockCount = Arrays.stream(counts).max().orElse(0);
    }

    /** The bucket of a term: a multiplicative hash, so neighbouring terms land far apart. */
    static int bucket(int term, int bucketBits) {
        return (term * 0x9E3779B9) >>> (32 - bucketBits);
    }

    /** The sorted, distinct buckets of a fingerprint's (or a query's) terms. */
    static int[] buckets(int[] terms, int bucketBits) {
        int[] buckets = new int[terms.length];
        for (int i = 0; i < terms.length; i++) {
            buckets[i] = bucket(terms[i], bucketBits);
        }
        Arrays.sort(buckets);
        int distinct = Math.min(1, buckets.length);
        for (int i = 1; i < buckets.length; i++) {
            if (buckets[i] != buckets[distinct - 1]) {
                buckets[distinct++] = buckets[i];
            }
        }
        return distinct == buckets.length ? buckets : Arrays.copyOf(buckets, distinct);
    }

    /** Receives (bucket, document) pairs. */
    interface PairSink {
        void accept(int bucket, int doc);
    }

    /** Produces every (bucket, document) pair of a segment once per call; called twice by a build. */
    interface Pairs {
        void forEach(PairSink sink);
    }

    /** Builds on the calling thread alone: a merge or a flush, which run beside lookups. */
    static BucketPostings build(int docCount, int bucketBits, Pairs pairs, boolean docsAscending) {
        return build(docCount, bucketBits, pairs, docsAscending, 1);
    }

    /**
     * Builds the postings of {@code docCount} documents. Many pairs (a bulk build, a merge) are
     * placed by counting sort on the bucket: one pass counts, the second places, and documents
     * within a bucket are sorted afterwards unless the pairs come in ascending document order. Few
     * pairs (a flush of the memory buffer) are sorted as longs instead, which needs no array over
     * all buckets.
     *
     * <p>Placing is a random write per pair, bound by memory latency (~70 ns a pair, 8 s for a
     * million fingerprints), so {@code parallelism} threads may share it: each takes a range of
     * buckets, reads every pair and counts and places only its own, so no two write the same element.
     */
    static BucketPostings build(int docCount, int bucketBits, Pairs pairs, boolean docsAscending, int parallelism) {
        int buckets = 1 << bucketBits;
        long[] total = new long[1];
        pairs.forEach((bucket, doc) -> total[0]++);
        if (total[0] > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("too many postings for one segment: " + total[0]);
        }
        if (total[0] < buckets / 8) {
            long[] sorted = new long[(int) total[0]];
            int[] at = new int[1];
            pairs.forEach((bucket, doc) -> sorted[at[0]++] = (long) bucket << 32 | doc);
            Arrays.sort(sorted);
            return encode(docCount, bucketBits, sorted.length, sink -> {
                for (long pair : sorted) {
                    sink.accept((int) (pair >>> 32), (int) pair);
                }
            });
        }
        int parts = Math.max(1, Math.min(parallelism, 64));
        int[] offsets = new int[buckets + 1];
        inParallel(parts, buckets, (from, to) -> pairs.forEach((bucket, doc) -> {
            if (bucket >= from && bucket < to) {
                offsets[bucket + 1]++;
            }
        }));
        for (int b = 0; b < buckets; b++) {
            offsets[b + 1] += offsets[b];
        }
        int[] docs = new int[offsets[buckets]];
        int[] fill = Arrays.copyOf(offsets, buckets);
        inParallel(parts, buckets, (from, to) -> {
            pairs.forEach((bucket, doc) -> {
                if (bucket >= from && bucket < to) {
                    docs[fill[bucket]++] = doc;
                }
            });
            if (!docsAscending) {
                for (int b = from; b < to; b++) {
                    if (offsets[b + 1] - offsets[b] > 1) {
                        Arrays.sort(docs, offsets[b], offsets[b + 1]);
                    }
                }
            }
        });
        return encode(docCount, bucketBits, docs.length, sink -> {
            for (int b = 0; b < buckets; b++) {
                for (int p = offsets[b]; p < offsets[b + 1]; p++) {
                    sink.accept(b, docs[p]);
                }
            }
        });
    }

    /** Work on a range of buckets, [from, to). */
    private interface BucketRange {
        void run(int from, int to);
    }

    /** Splits {@code [0, buckets)} into {@code parts} ranges and works on them together; returns when all are done. */
    private static void inParallel(int parts, int buckets, BucketRange work) {
        if (parts == 1) {
            work.run(0, buckets);
            return;
        }
        IntStream.range(0, parts).parallel().forEach(part ->
                work.run((int) ((long) buckets * part / parts), (int) ((long) buckets * (part + 1) / parts)));
    }

    /** Codes {@code total} pairs that {@code sorted} yields ordered by bucket, then document. */
    static BucketPostings encode(int docCount, int bucketBits, int total, Pairs sorted) {
        int blocksLog = 63 - Long.numberOfLeadingZeros(Math.max(1, total / TARGET_BLOCK_POSTINGS));
        int blockShift = bucketBits - Math.min(bucketBits, blocksLog);
        int blocks = 1 << (bucketBits - blockShift);
        long universe = (long) docCount << blockShift;
        int[] counts = new int[blocks];
        sorted.forEach((bucket, doc) -> counts[bucket >>> blockShift]++);
        byte[] lowWidths = new byte[blocks];
        long[] starts = new long[blocks + 1];
        for (int block = 0; block < blocks; block++) {
            lowWidths[block] = (byte) lowWidth(counts[block], universe);
            starts[block + 1] = starts[block] + blockBits(counts[block], lowWidths[block], universe);
        }
        long[] bits = new long[(int) ((starts[blocks] + 63) >>> 6) + 1];
        sorted.forEach(new PairSink() {
            private int block = -1;
            private int low;
            private long lowStart;
            private long highStart;
            private int index;

            @Override
            public void accept(int bucket, int doc) {
                if (bucket >>> blockShift != block) {
                    block = bucket >>> blockShift;
                    low = lowWidths[block];
                    lowStart = starts[block];
                    highStart = lowStart + (long) counts[block] * low;
                    index = 0;
                }
                long value = (long) (bucket & ((1 << blockShift) - 1)) * docCount + doc;
                setBits(bits, lowStart + (long) index * low, value & ((1L << low) - 1), low);
                long at = highStart + (value >>> low) + index;
                bits[(int) (at >>> 6)] |= 1L << (at & 63);
                index++;
            }
        });
        return new BucketPostings(bucketBits, blockShift, docCount, counts, lowWidths, bits);
    }

    private int blocks() {
        return directory.length / 2;
    }

    private int countOf(int block) {
        return (int) (directory[2 * block + 1] >>> 8);
    }

    private int lowWidthOf(int block) {
        return (int) directory[2 * block + 1] & 0xFF;
    }

    private long universe() {
        return (long) docCount << blockShift;
    }

    private static int lowWidth(int n, long universe) {
        if (n == 0 || universe / n < 2) {
            return 0;
        }
        return 63 - Long.numberOfLeadingZeros(universe / n);
    }

    private static long blockBits(int n, int low, long universe) {
        return n == 0 ? 0 : (long) n * low + n + (universe >>> low) + 1;
    }

    /**
     * Decodes the documents of {@code bucket}, ascending, into {@code docs} and, unless {@code ranks}
     * is null, each posting's rank (its place among all postings: by bucket, then document, where a
     * parallel array keeps what else a posting carries) into {@code ranks}; {@code blockRanks} is
     * {@link #blockRanks()} (or null without ranks). Returns how many, or -1, decoding nothing, where
     * the bucket holds more than {@code maxCount} by {@link #approximateCount}. The arrays must hold
     * {@code min(maxCount, }{@link #blockCapacity()}{@code )}. This is the one decoding loop: arrays,
     * not a callback per posting, which cost a search a quarter of its time.
     */
    int decode(int bucket, int[] blockRanks, int maxCount, int[] docs, int[] ranks) {
        int block = bucket >>> blockShift;
        int n = countOf(block);
        if (n == 0) {
            return 0;
        }
        int low = lowWidthOf(block);
        long lowStart = directory[2 * block];
        long highStart = lowStart + (long) n * low;
        long from = (long) (bucket & ((1 << blockShift) - 1)) * docCount;
        long to = from + docCount;
        long firstHigh = from >>> low;
        long pastHigh = ((to - 1) >>> low) + 1;
        long position = skipZeros(highStart, firstHigh);
        int index = (int) (position - highStart - firstHigh);
        // the values whose high bits lie in the bucket's range, and a few of its neighbours'
        int end = (int) (skipZeros(position, pastHigh - firstHigh) - highStart - pastHigh);
        if (end - index > maxCount) {
            return -1;
        }
        int first = ranks == null ? 0 : blockRanks[block];
        int count = 0;
        int word = (int) (position >>> 6);
        long ones = bits[word] & (-1L << (position & 63));
        for (; index < end; index++) {
            while (ones == 0) {
                ones = bits[++word];
            }
            long at = ((long) word << 6) + Long.numberOfTrailingZeros(ones);
            ones &= ones - 1;
            long value = ((at - highStart - index) << low) | getBits(bits, lowStart + (long) index * low, low);
            if (value >= to) {
                break;
            }
            if (value >= from) {
                if (ranks != null) {
                    ranks[count] = first + index;
                }
                docs[count++] = (int) (value - from);
            }
        }
        return count;
    }

    /**
     * Reads the directory entry of each bucket's block, the first word of its high bits and about
     * where the bucket's low bits lie, and returns a value made of them (to be kept, so the reads
     * stay). The blocks lie at random in hundreds of megabytes: read one bucket at a time, each
     * decode waits for its own cache misses; read here together, in a loop of independent loads,
     * the misses overlap and the decodes that follow find their lines cached.
     */
    long touch(int[] buckets) {
        long seen = 0;
        for (int bucket : buckets) {
            int block = bucket >>> blockShift;
            long lowStart = directory[2 * block];
            long count = directory[2 * block + 1];
            long n = count >>> 8;
            long low = count & 0xFF;
            seen += bits[(int) ((lowStart + n * low) >>> 6)];
            // and the bucket's low bits, about where they lie if the block's postings are spread evenly
            long before = (bucket & ((1L << blockShift) - 1)) * n >>> blockShift;
            seen += bits[(int) ((lowStart + before * low) >>> 6)];
        }
        return seen;
    }

    /**
     * About how many postings {@code bucket} holds, from the high bits alone (nothing is decoded):
     * at least the true count, and more by at most the postings of the neighbouring buckets that
     * share its first and last high-bit values.
     */
    int approximateCount(int bucket) {
        int block = bucket >>> blockShift;
        int n = countOf(block);
        if (n == 0) {
            return 0;
        }
        int low = lowWidthOf(block);
        long highStart = directory[2 * block] + (long) n * low;
        long from = (long) (bucket & ((1 << blockShift) - 1)) * docCount;
        long firstHigh = from >>> low;
        long pastHigh = ((from + docCount - 1) >>> low) + 1;
        long before = skipZeros(highStart, firstHigh) - highStart - firstHigh;
        long upTo = skipZeros(highStart, pastHigh) - highStart - pastHigh;
        return (int) (upTo - before);
    }

    /** The rank of each block's first posting. */
    int[] blockRanks() {
        int[] ranks = new int[blocks() + 1];
        for (int block = 0; block < blocks(); block++) {
            ranks[block + 1] = ranks[block] + countOf(block);
        }
        return ranks;
    }

    /**
     * Passes every (bucket, document) pair to {@code sink}, ordered by bucket then document: each
     * block's values in one pass over its bits (a merge reads them all, so nothing is skipped to).
     */
    void forEachPair(PairSink sink) {
        long universe = universe();
        for (int block = 0; block < blocks(); block++) {
            int n = countOf(block);
            int low = lowWidthOf(block);
            long lowStart = directory[2 * block];
            long highStart = lowStart + (long) n * low;
            int firstBucket = block << blockShift;
            int word = (int) (highStart >>> 6);
            long ones = n == 0 ? 0 : bits[word] & (-1L << (highStart & 63));
            for (int index = 0; index < n; index++) {
                while (ones == 0) {
                    ones = bits[++word];
                }
                long value = ((((long) word << 6) + Long.numberOfTrailingZeros(ones) - highStart - index) << low)
                        | getBits(bits, lowStart + (long) index * low, low);
                ones &= ones - 1;
                if (value >= universe) {
                    throw new IllegalStateException("corrupt postings block " + block);
                }
                sink.accept(firstBucket + (int) (value / docCount), (int) (value % docCount));
            }
        }
    }

    /** The most postings one bucket can hold here (its block's): how much a decode may write. */
    int blockCapacity() {
        return maxBlockCount;
    }

    /** The position just after the {@code count}-th zero bit from {@code start}. */
    private long skipZeros(long start, long count) {
        if (count == 0) {
            return start;
        }
        int word = (int) (start >>> 6);
        long zeros = ~bits[word] & (-1L << (start & 63));
        long remaining = count;
        while (true) {
            int here = Long.bitCount(zeros);
            if (here >= remaining) {
                return ((long) word << 6) + select(zeros, (int) remaining - 1) + 1;
            }
            remaining -= here;
            zeros = ~bits[++word];
        }
    }

    /**
     * The position of the {@code rank}-th (from 0) set bit of {@code word}, which has more than
     * {@code rank}: halves, quarters, ... of the word by their bit counts, six steps where clearing
     * the lower bits one by one takes up to 63.
     */
    static int select(long word, int rank) {
        int position = 0;
        for (int width = 32; width > 0; width >>>= 1) {
            int below = Long.bitCount(word & ((1L << width) - 1));
            if (rank >= below) {
                rank -= below;
                word >>>= width;
                position += width;
            }
        }
        return position;
    }

    private static void setBits(long[] bits, long position, long value, int width) {
        if (width == 0) {
            return;
        }
        int word = (int) (position >>> 6);
        int shift = (int) (position & 63);
        bits[word] |= value << shift;
        if (shift + width > 64) {
            bits[word + 1] |= value >>> (64 - shift);
        }
    }

    private static long getBits(long[] bits, long position, int width) {
        if (width == 0) {
            return 0;
        }
        int word = (int) (position >>> 6);
        int shift = (int) (position & 63);
        long value = bits[word] >>> shift;
        if (shift + width > 64) {
            value |= bits[word + 1] << (64 - shift);
        }
        return value & ((1L << width) - 1);
    }

    /** Heap bytes of the postings and their block directory. */
    long bytes() {
        return bits.length * 8L + directory.length * 8L;
    }

    void write(PrimitiveChannels.Writer out) throws IOException {
        int blocks = blocks();
        int[] counts = new int[blocks];
        byte[] lowWidths = new byte[blocks];
        for (int block = 0; block < blocks; block++) {
            counts[block] = countOf(block);
            lowWidths[block] = (byte) lowWidthOf(block);
        }
        out.writeInt(MAGIC).writeInt(bucketBits).writeInt(blockShift).writeInt(docCount).writeInt(blocks);
        out.writeInts(counts).writeBytes(lowWidths).writeInt(bits.length).writeLongs(bits);
    }

    static BucketPostings read(PrimitiveChannels.Reader in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a postings block");
        }
        int bucketBits = in.readInt();
        int blockShift = in.readInt();
        int docCount = in.readInt();
        int blocks = in.readInt();
        int[] counts = in.readInts(blocks);
        byte[] lowWidths = in.readBytes(blocks);
        long[] bits = in.readLongs(in.readInt());
        return new BucketPostings(bucketBits, blockShift, docCount, counts, lowWidths, bits);
    }
}
