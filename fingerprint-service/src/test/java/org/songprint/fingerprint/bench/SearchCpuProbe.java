package org.songprint.fingerprint.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.songprint.fingerprint.index.FingerprintMatch;
import org.songprint.fingerprint.index.SearchOptions;
import org.songprint.fingerprint.index.packed.PackedFingerprintIndex;
import org.songprint.testsupport.AudioFixtures;

/**
 * An A/B tool for the index's search CPU, not a report: thread CPU per search (one thread, so other
 * processes' load and the machine's frequency matter less than to wall-clock latency) over the same
 * 2,000 queries, in ROUNDS rounds after a warm-up, on an index of SIZE fingerprints of the shared
 * corpus kept under {@code fingerprint-service/target/} between runs. Two JVM runs of the same build
 * have differed by a third (docs/fingerprint-index.md): run it several times per build and compare the
 * spreads, not two numbers. {@code ./stack bench search-cpu [SIZE ROUNDS [MAX_SEGMENT]]}: MAX_SEGMENT, the
 * fingerprints a segment holds at most, to compare one segment with several (a directory of its own).
 */
public final class SearchCpuProbe {

    private static final int QUERIES = 2000;

    private SearchCpuProbe() {
    }

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int maxSegment = args.length > 2 ? Integer.parseInt(args[2]) : PackedFingerprintIndex.DEFAULT_MAX_SEGMENT_FINGERPRINTS;
        Path dir = AudioFixtures.repoRoot().resolve("fingerprint-service/target/bench-search-cpu-index-" + size
                + (maxSegment == PackedFingerprintIndex.DEFAULT_MAX_SEGMENT_FINGERPRINTS ? "" : "-" + maxSegment));
        BenchCorpus corpus = BenchCorpus.create(64, 42, BenchCorpus.Kind.SHARED);
        boolean built = Files.exists(dir);
        try (PackedFingerprintIndex index = new PackedFingerprintIndex(dir, PackedFingerprintIndex.DEFAULT_BUCKET_BITS,
                PackedFingerprintIndex.DEFAULT_BUFFER_CAPACITY, null, maxSegment)) {
            if (!built) {
                System.err.printf(Locale.ROOT, "building an index of %,d fingerprints in %s (kept for the next runs)%n", size, dir);
                index.beginBulkLoad(256);
                corpus.addAll(index, size, 1);
                index.commit();
                index.endBulkLoad();
                index.forceMerge(1);
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            System.out.printf(Locale.ROOT, "%,d fingerprints in %d segment(s)%n", index.size(), index.segmentCount());
            measure(index, corpus, size, rounds, threads, 0.08, 40);
            measure(index, corpus, size, rounds, threads, 0.05, 0);
        }
    }

    private static void measure(PackedFingerprintIndex index, BenchCorpus corpus, long size, int rounds, ThreadMXBean threads,
            double ber, int maxShift) {
        SplittableRandom random = new SplittableRandom(7);
        long[] ids = new long[QUERIES];
        int[][] queries = new int[QUERIES][];
        int[] durations = new int[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            ids[i] = 1 + random.nextLong(size);
            int shift = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
            queries[i] = corpus.query(ids[i], ber, shift, 0, i);
            durations[i] = BenchCorpus.duration(corpus.fingerprint(ids[i]));
        }
        long[] each = new long[QUERIES];
        int correct = run(index, ids, queries, durations, each); // warm-up
        double[] perRound = new double[rounds];
        long[] spread = new long[QUERIES * rounds];
        for (int r = 0; r < rounds; r++) {
            long cpu = threads.getCurrentThreadCpuTime();
            correct = run(index, ids, queries, durations, each);
            System.arraycopy(each, 0, spread, r * QUERIES, QUERIES);
            perRound[r] = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / QUERIES;
        }
        double[] sorted = perRound.clone();
        Arrays.sort(sorted);
        StringBuilder byRound = new StringBuilder();
        for (double round : perRound) {
            byRound.append(byRound.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", round));
        }
        Arrays.sort(spread);
        System.out.printf(Locale.ROOT, "%.0f %% BER, shift ±%d: CPU per search min %.0f µs, median %.0f µs (rounds: %s); "
                + "one search's wall time p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs; recall@1 %.2f %%%n",
                ber * 100, maxShift, sorted[0], sorted[rounds / 2], byRound, percentile(spread, 0.5), percentile(spread, 0.9),
                percentile(spread, 0.99), spread[spread.length - 1] / 1e3, 100.0 * correct / QUERIES);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))] / 1e3;
    }

    // each search's wall time goes into nanos: the spread between queries, which a mean hides
    private static int run(PackedFingerprintIndex index, long[] ids, int[][] queries, int[] durations, long[] nanos) {
        int correct = 0;
        for (int i = 0; i < queries.length; i++) {
            long start = System.nanoTime();
            List<FingerprintMatch> matches = index.search(queries[i], SearchOptions.lookup(durations[i], 7, 40));
            nanos[i] = System.nanoTime() - start;
            if (!matches.isEmpty() && matches.get(0).fingerprintId() == ids[i]) {
                correct++;
            }
        }
        return correct;
    }
}
