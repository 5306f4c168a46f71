package org.songprint.fingerprint.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.songprint.fingerprint.index.IndexedFingerprint;
import org.songprint.fingerprint.index.ManagedFingerprintIndex;
import org.songprint.testsupport.AudioFixtures;

/**
 * A synthetic but realistic fingerprint corpus. Uniform random integers would make an index look
 * better than it is (every term rare, no shared structure), so every corpus fingerprint is built
 * from real fpcalc fingerprints of varied generated audio:
 * <ul>
 * <li>spliced: 2–4 chunks taken at random positions of random base fingerprints, as real songs share
 * passages and sounds;</li>
 * <li>mutated ({@link Kind#DISTINCT} only): all items XORed with one random 32-bit mask, which keeps
 * the item-to-item structure of real audio (what the comparison aligns on) but makes the values of
 * different fingerprints differ;</li>
 * <li>noisy: 4 % of the bits flipped, like a lossy copy.</li>
 * </ul>
 * Fingerprint {@code i} is a pure function of (seed, i), so queries can be rebuilt from their id
 * instead of keeping millions of arrays in memory.
 */
final class BenchCorpus {

    /** How much the corpus's fingerprints share their terms. */
    enum Kind {
        /**
         * Every fingerprint its own mask: a million different recordings. Terms rarely recur across
         * fingerprints, which is kind to an inverted index (as a catalogue of distinct music is).
         */
        DISTINCT("distinct", "each fingerprint XOR-mutated by a mask of its own, so terms rarely recur across fingerprints "
                + "(a catalogue of different recordings)"),
        /**
         * No mask: every fingerprint is noisy chunks of the same 64 songs, as the reference figures
         * (PostgreSQL, AcoustID's C++ index) were measured. A base term recurs in hundreds of fingerprints
         * and thousands hold the same passage as the query: the hard case for search cost and recall@1.
         */
        SHARED("shared", "no mask: every fingerprint is noisy chunks of the same 64 songs, as the issue's reference "
                + "figures were measured, so a term recurs in hundreds of fingerprints and thousands share the query's passage");

        final String id;
        final String description;

        Kind(String id, String description) {
            this.id = id;
            this.description = description;
        }

        static Kind of(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("corpus is distinct or shared, not " + id);
        }
    }

    static final double ITEMS_PER_SECOND = 11025.0 / 1365.0;

    private final List<int[]> bases;
    private final long seed;
    private final Kind kind;

    private BenchCorpus(List<int[]> bases, long seed, Kind kind) {
        this.bases = bases;
        this.seed = seed;
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** Bases: fpcalc fingerprints of {@code count} generated melodies of 130 s (cached under target/). */
    static BenchCorpus create(int count, long seed, Kind kind) {
        List<int[]> bases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bases.add(AudioFixtures.fpcalc(AudioFixtures.melody(10_000 + i, 130)).raw());
        }
        return new BenchCorpus(bases, seed, kind);
    }

    /** Base {@code i} (0-based): the fpcalc fingerprint of a melody, before splicing and noise. */
    int[] base(int i) {
        return bases.get(i);
    }

    /** Corpus fingerprint {@code id} (1-based): 60 to 120 s of audio. */
    int[] fingerprint(long id) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        int length = 485 + random.nextInt(464);
        int[] out = new int[length];
        int filled = 0;
        int chunks = 2 + random.nextInt(3);
        for (int c = 0; c < chunks && filled < length; c++) {
            int[] base = bases.get(random.nextInt(bases.size()));
            int want = c == chunks - 1 ? length - filled : Math.min(length - filled, 120 + random.nextInt(length / chunks + 1));
            int take = Math.min(want, base.length);
            int start = random.nextInt(base.length - take + 1);
            System.arraycopy(base, start, out, filled, take);
            filled += take;
        }
        while (filled < length) {
            // a short base: repeat its start
            int[] base = bases.get(random.nextInt(bases.size()));
            int take = Math.min(length - filled, base.length);
            System.arraycopy(base, 0, out, filled, take);
            filled += take;
        }
        int mask = random.nextInt(); // drawn for both kinds, so the noise that follows is the same
        if (kind == Kind.SHARED) {
            mask = 0;
        }
        for (int i = 0; i < length; i++) {
            out[i] ^= mask;
        }
        flipBits(out, 0.04, random);
        return out;
    }

    /**
     * Adds corpus fingerprints 1 to {@code count} to {@code index} from two threads, each under the id
     * {@code firstId - 1} plus its corpus id.
     */
    void addAll(ManagedFingerprintIndex index, long count, long firstId) throws InterruptedException, ExecutionException {
        AtomicLong next = new AtomicLong(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                workers.add(pool.submit(() -> {
                    for (long id = next.getAndIncrement(); id <= count; id = next.getAndIncrement()) {
                        int[] fp = fingerprint(id);
                        index.add(new IndexedFingerprint(firstId - 1 + id, duration(fp), fp));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static int duration(int[] fingerprint) {
        // fpcalc's first item comes about 2.6 s in; lookups send the file's duration
        return (int) Math.round(fingerprint.length / ITEMS_PER_SECOND + 2.6);
    }

    /**
     * A query made from corpus fingerprint {@code id}: {@code ber} of its bits flipped, shifted by
     * {@code shift} items (positive: the copy starts later; negative: other audio before it), and cut
     * to {@code seconds} of audio when positive.
     */
    int[] query(long id, double ber, int shift, int seconds, long querySeed) {
        int[] original = fingerprint(id);
        SplittableRandom random = new SplittableRandom(querySeed * 31 + id);
        int[] shifted;
        if (shift >= 0) {
            shifted = Arrays.copyOfRange(original, Math.min(shift, original.length - 1), original.length);
        } else {
            shifted = new int[original.length - shift];
            int[] other = bases.get(random.nextInt(bases.size()));
            for (int i = 0; i < -shift; i++) {
                shifted[i] = other[i % other.length] ^ random.nextInt();
            }
            System.arraycopy(original, 0, shifted, -shift, original.length);
        }
        if (seconds > 0) {
            int items = Math.min(shifted.length, (int) (seconds * ITEMS_PER_SECOND));
            shifted = Arrays.copyOf(shifted, items);
        }
        flipBits(shifted, ber, random);
        return shifted;
    }

    /** Flips each bit with probability {@code ber}: jumps from flip to flip by geometric gaps. */
    private static void flipBits(int[] items, double ber, SplittableRandom random) {
        if (ber <= 0) {
            return;
        }
        long bits = (long) items.length * 32;
        double logKeep = Math.log1p(-ber);
        long position = (long) (Math.log(1 - random.nextDouble()) / logKeep);
        while (position < bits) {
            items[(int) (position >>> 5)] ^= 1 << (position & 31);
            position += 1 + (long) (Math.log(1 - random.nextDouble()) / logKeep);
        }
    }
}
