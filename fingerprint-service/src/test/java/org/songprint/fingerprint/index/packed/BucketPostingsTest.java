package org.songprint.fingerprint.index.packed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.songprint.fingerprint.index.packed.storage.PrimitiveChannels;

/** The Elias–Fano bucket postings against a plain sorted map of the same pairs. */
class BucketPostingsTest {

    @TempDir
    Path dir;

    // the last column: how many threads place the pairs (uneven shares of the buckets for 3 and 5)
    @ParameterizedTest(name = "{0} documents, {1} pairs, {2} bucket bits, {3} threads")
    @CsvSource({"1, 1, 4, 1", "1, 0, 4, 1", "10, 5, 12, 1", "300, 40000, 6, 1", "300, 40000, 6, 5", "5000, 200000, 14, 1",
            "5000, 200000, 14, 3", "100000, 300000, 22, 1", "70000, 600000, 20, 1", "70000, 600000, 20, 2"})
    void everyBucketYieldsExactlyItsDocumentsInOrder(int docs, int pairs, int bucketBits, int parallelism) throws IOException {
        SplittableRandom random = new SplittableRandom(docs * 31L + pairs);
        TreeMap<Integer, TreeSet<Integer>> expected = new TreeMap<>();
        for (int i = 0; i < pairs; i++) {
            // skewed: a third of the pairs fall into 16 popular buckets
            int bucket = random.nextInt(3) == 0 ? random.nextInt(Math.min(16, 1 << bucketBits)) : random.nextInt(1 << bucketBits);
            expected.computeIfAbsent(bucket, b -> new TreeSet<>()).add(random.nextInt(docs));
        }
        BucketPostings built = BucketPostings.build(docs, bucketBits, sink -> {
            // in descending document order: the build sorts each bucket
            expected.descendingMap().forEach((bucket, ids) -> ids.descendingSet().forEach(doc -> sink.accept(bucket, doc)));
        }, false, parallelism);
        Path file = dir.resolve("postings");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            PrimitiveChannels.Writer out = new PrimitiveChannels.Writer(channel);
            built.write(out);
            out.flush();
        }
        BucketPostings read;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            read = BucketPostings.read(new PrimitiveChannels.Reader(channel));
        }
        List<Long> wanted = new ArrayList<>();
        expected.forEach((bucket, ids) -> ids.forEach(doc -> wanted.add((long) bucket << 32 | doc)));
        for (BucketPostings postings : List.of(built, read)) {
            int[] blockRanks = postings.blockRanks();
            SplittableRandom probes = new SplittableRandom(7);
            for (int i = 0; i < 3000; i++) {
                int bucket = i < 100 && !expected.isEmpty() ? expected.keySet().stream().skip(probes.nextInt(expected.size())).findFirst().orElseThrow()
                        : probes.nextInt(1 << bucketBits);
                int[] all = new int[postings.blockCapacity()];
                List<Integer> found = Arrays.stream(all, 0, postings.decode(bucket, null, Integer.MAX_VALUE, all, null))
                        .boxed().toList();
                assertThat(found).as("bucket %d", bucket).containsExactlyElementsOf(expected.getOrDefault(bucket, new TreeSet<>()));
                int approximate = postings.approximateCount(bucket);
                assertThat(approximate).as("the approximate count of bucket %d", bucket).isGreaterThanOrEqualTo(found.size());
                int[] decodedDocs = new int[approximate];
                int[] ranks = new int[approximate];
                int decoded = postings.decode(bucket, blockRanks, approximate, decodedDocs, ranks);
                assertThat(Arrays.copyOf(decodedDocs, Math.max(0, decoded))).as("bucket %d decoded", bucket)
                        .containsExactly(found.stream().mapToInt(Integer::intValue).toArray());
                for (int r = 0; r < decoded; r++) {
                    // a rank is the posting's place among all pairs, ordered by bucket then document
                    assertThat(wanted.get(ranks[r])).as("bucket %d, rank %d", bucket, ranks[r]).isEqualTo((long) bucket << 32 | decodedDocs[r]);
                }
                if (approximate > 0) {
                    assertThat(postings.decode(bucket, blockRanks, approximate - 1, decodedDocs, ranks))
                            .as("bucket %d holds more than asked for", bucket).isEqualTo(-1);
                }
            }
            // the reads that warm the cache stay inside the postings for every bucket, empty blocks and the last one too
            int[] everyBucket = new int[1 << bucketBits];
            Arrays.setAll(everyBucket, b -> b);
            assertThatCode(() -> postings.touch(everyBucket)).doesNotThrowAnyException();
            // every pair, as bucket << 32 | doc, compared as arrays (linear, unlike a list diff)
            List<Long> all = new ArrayList<>();
            postings.forEachPair((bucket, doc) -> all.add((long) bucket << 32 | doc));
            assertThat(all.stream().mapToLong(Long::longValue).toArray()).isEqualTo(wanted.stream().mapToLong(Long::longValue).toArray());
        }
    }

    @Test
    void approximateCountsAreCloseToTheTrueOnes() {
        int docs = 1000;
        int bucketBits = 12;
        SplittableRandom random = new SplittableRandom(5);
        int[] counts = new int[1 << bucketBits];
        List<long[]> pairs = new ArrayList<>();
        for (int bucket = 0; bucket < counts.length; bucket++) {
            // one bucket in 64 is popular
            counts[bucket] = bucket % 64 == 0 ? 300 : random.nextInt(4);
            for (int doc = 0; doc < counts[bucket]; doc++) {
                pairs.add(new long[] {bucket, doc});
            }
        }
        BucketPostings postings = BucketPostings.build(docs, bucketBits, sink -> pairs.forEach(p -> sink.accept((int) p[0], (int) p[1])), true);
        long over = 0;
        for (int bucket = 0; bucket < counts.length; bucket++) {
            int approximate = postings.approximateCount(bucket);
            assertThat(approximate).as("bucket %d", bucket).isGreaterThanOrEqualTo(counts[bucket]);
            over += approximate - counts[bucket];
            if (counts[bucket] == 300) {
                assertThat(approximate).as("a popular bucket is told apart").isLessThan(340);
            }
        }
        assertThat(over).as("the excess over all buckets").isLessThan(pairs.size());
    }

    @ParameterizedTest(name = "{0} bucket bits")
    @CsvSource({"8", "22"})
    void bucketsOfTermsAreSortedDistinctAndInRange(int bucketBits) {
        int[] terms = {5, 5, 0x0FFFFFFF, 0, 123456, 123456, 7};
        int[] buckets = BucketPostings.buckets(terms, bucketBits);
        assertThat(buckets).isSorted().doesNotHaveDuplicates().hasSizeBetween(1, 5);
        assertThat(Arrays.stream(buckets).boxed().toList()).allSatisfy(b -> assertThat(b).isBetween(0, (1 << bucketBits) - 1));
    }

    @Test
    void selectFindsEveryRankOfEverySetBit() {
        SplittableRandom random = new SplittableRandom(11);
        List<Long> words = new ArrayList<>(List.of(-1L, 1L, Long.MIN_VALUE, 0x8000_0001L, 0xAAAA_AAAA_AAAA_AAAAL));
        for (int i = 0; i < 2000; i++) {
            // sparse and dense words alike: a random word ANDed or ORed with another
            long a = random.nextLong();
            words.add(i % 2 == 0 ? a & random.nextLong() & random.nextLong() : a | random.nextLong());
        }
        for (long word : words) {
            int rank = 0;
            for (int bit = 0; bit < 64; bit++) {
                if ((word >>> bit & 1) != 0) {
                    assertThat(BucketPostings.select(word, rank)).as("rank %d of %016x", rank, word).isEqualTo(bit);
                    rank++;
                }
            }
        }
    }
}
