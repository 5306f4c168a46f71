package org.songprint.fingerprint.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.songprint.common.chromaprint.Compare2Query;
import org.songprint.common.chromaprint.FingerprintComparator;

/**
 * How fast this machine is at the moment: the time of a fixed piece of work (compare2 of the same
 * fingerprints, 5 rounds, the median taken) on one thread. On a shared virtual machine the same
 * lookup has cost anywhere from 0.58 to 0.89 ms of CPU within one benchmark run; printed beside each
 * row, this tells a change in the code from a change in the machine.
 */
final class MachineSpeed {

    private static final int PAIRS = 4000;
    private static final int[] STORED;
    private static final int[] QUERY;

    static {
        SplittableRandom random = new SplittableRandom(99);
        STORED = random.ints(950).toArray();
        QUERY = Arrays.copyOfRange(STORED, 30, 950);
        for (int i = 0; i < QUERY.length; i += 3) {
            QUERY[i] ^= 1 << random.nextInt(32);
        }
        for (int i = 0; i < 3; i++) {
            measure(); // compiled before the first measurement counts
        }
    }

    private MachineSpeed() {
    }

    /** Milliseconds the fixed work took just now (the median of 5 rounds). */
    static double measure() {
        FingerprintComparator comparator = new FingerprintComparator();
        Compare2Query query = Compare2Query.of(QUERY);
        double[] rounds = new double[5];
        float sink = 0;
        for (int r = 0; r < rounds.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < PAIRS; i++) {
                sink += comparator.compare2(STORED, query, FingerprintComparator.ACOUSTID_MAX_OFFSET);
            }
            rounds[r] = (System.nanoTime() - start) / 1e6;
        }
        if (sink < 0) {
            throw new IllegalStateException("compare2 scores are never negative");
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
