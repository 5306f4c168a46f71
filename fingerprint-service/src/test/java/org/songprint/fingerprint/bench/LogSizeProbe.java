package org.songprint.fingerprint.bench;

import java.util.Locale;
import java.util.function.LongFunction;
import org.songprint.common.chromaprint.ChromaprintCodec;

/**
 * What a fingerprint could take in the index's log, not a report: bytes per fingerprint as the log
 * stores items (4 bytes each), in Chromaprint's compressed form, and two floors no lossless coder of
 * one fingerprint at a time gets below without modelling more than it: the order-0 entropy of each
 * bit of the XOR of consecutive items (measured over the corpus), and the entropy of the corpus's own
 * 4 % bit noise. {@code ./stack bench log-size [COUNT]}.
 */
public final class LogSizeProbe {

    private static final double NOISE = 0.04;

    private LogSizeProbe() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        BenchCorpus shared = BenchCorpus.create(64, 42, BenchCorpus.Kind.SHARED);
        BenchCorpus distinct = BenchCorpus.create(64, 42, BenchCorpus.Kind.DISTINCT);
        System.out.printf(Locale.ROOT, "%-34s %8s %8s %12s %12s %12s%n", "fingerprints", "items", "raw B", "Chromaprint",
                "XOR order-0", "noise floor");
        report("64 fpcalc fingerprints, no noise", 64, id -> shared.base((int) id - 1), false);
        report("corpus shared, " + count, count, shared::fingerprint, true);
        report("corpus distinct, " + count, count, distinct::fingerprint, true);
    }

    private static void report(String name, int count, LongFunction<int[]> fingerprints, boolean noisy) {
        long items = 0;
        long compressed = 0;
        long[][] ones = new long[32][1];
        long deltas = 0;
        for (long id = 1; id <= count; id++) {
            int[] fp = fingerprints.apply(id);
            items += fp.length;
            compressed += ChromaprintCodec.compress(1, fp).length;
            for (int i = 1; i < fp.length; i++) {
                int delta = fp[i] ^ fp[i - 1];
                for (int bit = 0; bit < 32; bit++) {
                    ones[bit][0] += (delta >>> bit) & 1;
                }
                deltas++;
            }
        }
        double bitsPerDelta = 0;
        for (long[] one : ones) {
            bitsPerDelta += entropy((double) one[0] / deltas);
        }
        // the first item of each fingerprint costs 32 bits either way
        double order0 = (bitsPerDelta * deltas + 32.0 * count) / 8 / count;
        double noiseFloor = noisy ? 32 * entropy(NOISE) / 8 * items / count : 0;
        System.out.printf(Locale.ROOT, "%-34s %8.0f %8.0f %12.0f %12.0f %12.0f%n", name, (double) items / count,
                4.0 * items / count, (double) compressed / count, order0, noiseFloor);
    }

    private static double entropy(double p) {
        return p <= 0 || p >= 1 ? 0 : -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }
}
