package org.songprint.fingerprint.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.songprint.fingerprint.index.ExcerptMatch;
import org.songprint.fingerprint.index.ExcerptOptions;
import org.songprint.fingerprint.index.IndexedFingerprint;
import org.songprint.fingerprint.index.packed.ExcerptTerms;
import org.songprint.fingerprint.index.packed.PackedFingerprintIndex;
import org.songprint.testsupport.AudioFixtures;

/**
 * The excerpt benchmark: catalogues four of every five tracks of the real-music corpus (fpcalc's
 * first 120 s, as clients submit) among {@code distractors} generated fingerprints, then looks up
 * clips of 8, 15 and 30 s cut from 5–100 s into every track and fingerprinted by fpcalc, as cut, as
 * a 64 kb/s MP3 and with noise. The fifth track of five is not catalogued: any answer for its clips
 * is wrong. Measures recall@1 (the right track first, its offset within a second), wrong first
 * answers, latency and throughput in process, the excerpt postings' memory and build time, and the
 * simplest alternative (every offset of every catalogued fingerprint scanned), then writes the
 * figures into {@code docs/benchmarks.md}.
 *
 * <p>Run with {@code ./stack bench excerpt [DISTRACTORS] [CLIPS] [CORPUS] [TERMS] [SAMPLE]}: TERMS is
 * {@code robust} (the service's default classifiers), {@code classifiers:0,1,...} (those classifiers' bits) or
 * {@code topN} (an item's top N bits).
 */
public final class ExcerptBenchmark {

    static final int[] LENGTHS = {8, 15, 30};
    private static final long DISTRACTOR_IDS = 1_000_000_000L;

    private ExcerptBenchmark() {
    }

    record Lookup(MusicClips.Clip clip, boolean catalogued, List<ExcerptMatch> found, long nanos) {

        /** The right track first. */
        boolean right() {
            return catalogued && !found.isEmpty() && found.get(0).fingerprintId() == clip.track().number() + 1;
        }

        /** The right track first, where the clip was cut from (a repeated passage may place it elsewhere). */
        boolean rightPlace() {
            return right() && Math.abs(found.get(0).offsetSeconds() - clip.start()) <= 1.0;
        }

        boolean wrongFirst() {
            return !found.isEmpty() && !right();
        }

        String describe() {
            return String.format(Locale.ROOT, "%s %.2f s +%d s %s -> %s", clip.track().name(), clip.start(), clip.seconds(),
                    clip.variant(), found.stream().limit(3).map(m -> String.format(Locale.ROOT, "%d@%.2f:%.2f",
                            m.fingerprintId(), m.offsetSeconds(), m.score())).toList());
        }
    }

    public static void main(String[] args) throws Exception {
        long distractors = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int clipsPerCell = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path repo = AudioFixtures.repoRoot();
        MusicClips music = new MusicClips(repo.resolve(args.length > 2 ? args[2] : ".stack/music"));
        String termsName = args.length > 3 ? args[3] : "robust";
        int sample = args.length > 4 ? Integer.parseInt(args[4]) : ExcerptTerms.DEFAULT_SAMPLE;
        ExcerptTerms terms = termsName.startsWith("top")
                ? new ExcerptTerms(-1 << (32 - Integer.parseInt(termsName.substring(3))), sample)
                : termsName.startsWith("classifiers:")
                        ? ExcerptTerms.ofClassifiers(Arrays.stream(termsName.substring(12).split(",")).map(Integer::valueOf).toList(), sample)
                        : ExcerptTerms.ofClassifiers(ExcerptTerms.ROBUST_CLASSIFIERS, sample);
        List<MusicClips.Track> tracks = music.tracks();
        List<MusicClips.Clip> clips = new ArrayList<>();
        for (MusicClips.Track track : tracks) {
            for (int seconds : LENGTHS) {
                for (MusicClips.Variant variant : MusicClips.Variant.values()) {
                    clips.addAll(music.clips(track, seconds, variant, clipsPerCell, 7));
                }
            }
        }
        System.out.printf("%d tracks, %d clips fingerprinted%n", tracks.size(), clips.size());
        Path dir = repo.resolve("fingerprint-service/target/bench-excerpt");
        IndexBenchmark.deleteRecursively(dir);
        StringBuilder report = new StringBuilder(Machine.describe()).append('\n');
        try (PackedFingerprintIndex index = new PackedFingerprintIndex(dir, PackedFingerprintIndex.DEFAULT_BUCKET_BITS,
                PackedFingerprintIndex.DEFAULT_BUFFER_CAPACITY, terms)) {
            long started = System.nanoTime();
            build(index, music, tracks, distractors);
            double buildSeconds = (System.nanoTime() - started) / 1e9;
            long excerptStarted = System.nanoTime();
            while (!index.excerptsReady()) {
                Thread.sleep(50);
            }
            double excerptSeconds = (System.nanoTime() - excerptStarted) / 1e9;
            long size = index.size();
            List<Lookup> lookups = lookUp(index, clips);
            lookups.stream().filter(l -> l.catalogued() ? !l.rightPlace() : l.wrongFirst())
                    .forEach(l -> System.out.println("missed or misplaced: " + l.describe()));
            report.append(String.format(Locale.ROOT, """
                    Catalogue: %d tracks of the real-music corpus (`scripts/music-corpus.sh`, see `docs/music-corpus.md`; \
                    fpcalc's first 120 s of each) among %,d generated fingerprints (the index benchmark's distinct corpus): \
                    %,d in all. %d tracks (one in five) are left out: their clips must find nothing. Clips begin at a \
                    random point 5–100 s in, %d per track, length and degradation; fpcalc fingerprints each as a client would.

                    - excerpt postings (terms: %s, mask %08x; one value in %d): %.0f B/fingerprint on the heap, none on disk; \
                    built from the fingerprint log in %.1f s after the index (%.1f s for the index itself: bulk build and merge)
                    - the whole-track index beside them: %.0f B/fingerprint, unchanged (whole-track lookups take the same path)

                    """, catalogued(tracks).size(), distractors, size, tracks.size() - catalogued(tracks).size(), clipsPerCell,
                    termsName, terms.mask(), terms.sampleModulus(), index.excerptBytes() / (double) size, excerptSeconds, buildSeconds,
                    index.segmentBytes() / (double) size));
            report.append(accuracy(lookups));
            report.append(speed(index, lookups));
        }
        report.append(ExcerptScan.report(music, catalogued(tracks), clips));
        BenchReport.write(repo.resolve("docs/benchmarks.md"), "excerpt", report.toString());
        System.out.println(report);
    }

    static boolean isCatalogued(MusicClips.Track track) {
        return track.number() % 5 != 4;
    }

    static List<MusicClips.Track> catalogued(List<MusicClips.Track> tracks) {
        return tracks.stream().filter(ExcerptBenchmark::isCatalogued).toList();
    }

    private static void build(PackedFingerprintIndex index, MusicClips music, List<MusicClips.Track> tracks,
            long distractors) throws Exception {
        BenchCorpus corpus = BenchCorpus.create(64, 42, BenchCorpus.Kind.DISTINCT);
        index.beginBulkLoad(256);
        for (MusicClips.Track track : catalogued(tracks)) {
            index.add(new IndexedFingerprint(track.number() + 1, (int) Math.round(track.seconds()), music.catalogued(track)));
        }
        corpus.addAll(index, distractors, DISTRACTOR_IDS + 1);
        index.endBulkLoad();
        index.forceMerge(1);
    }

    private static List<Lookup> lookUp(PackedFingerprintIndex index, List<MusicClips.Clip> clips) {
        ExcerptOptions options = ExcerptOptions.lookup(40);
        for (int i = 0; i < 3; i++) { // warm-up, not measured
            clips.forEach(clip -> index.searchExcerpt(clip.items(), options));
        }
        List<Lookup> lookups = new ArrayList<>(clips.size());
        for (MusicClips.Clip clip : clips) {
            long start = System.nanoTime();
            List<ExcerptMatch> found = index.searchExcerpt(clip.items(), options);
            lookups.add(new Lookup(clip, isCatalogued(clip.track()), found, System.nanoTime() - start));
        }
        return lookups;
    }

    private static String accuracy(List<Lookup> lookups) {
        StringBuilder out = new StringBuilder("""
                | clip | degradation | recall@1 (catalogued) | placed within 1 s | wrong first (catalogued) | \
                wrong first (not catalogued) | score of the right answer, median (min) |
                |---|---|---|---|---|---|---|
                """);
        for (int seconds : LENGTHS) {
            for (MusicClips.Variant variant : MusicClips.Variant.values()) {
                List<Lookup> cell = lookups.stream()
                        .filter(l -> l.clip().seconds() == seconds && l.clip().variant() == variant).toList();
                List<Lookup> in = cell.stream().filter(Lookup::catalogued).toList();
                List<Lookup> out2 = cell.stream().filter(l -> !l.catalogued()).toList();
                float[] scores = new float[(int) in.stream().filter(Lookup::right).count()];
                int i = 0;
                for (Lookup l : in) {
                    if (l.right()) {
                        scores[i++] = l.found().get(0).score();
                    }
                }
                Arrays.sort(scores);
                out.append(String.format(Locale.ROOT, "| %d s | %s | %.1f %% (%d of %d) | %d | %d | %d of %d | %s |%n", seconds,
                        variant.description, 100.0 * i / Math.max(1, in.size()), i, in.size(),
                        in.stream().filter(Lookup::rightPlace).count(),
                        in.stream().filter(Lookup::wrongFirst).count(), out2.stream().filter(Lookup::wrongFirst).count(),
                        out2.size(), scores.length == 0 ? "–"
                                : String.format(Locale.ROOT, "%.2f (%.2f)", scores[scores.length / 2], scores[0])));
            }
        }
        return out.append('\n').toString();
    }

    private static String speed(PackedFingerprintIndex index, List<Lookup> lookups) throws Exception {
        long[] nanos = lookups.stream().mapToLong(Lookup::nanos).sorted().toArray();
        ExcerptOptions options = ExcerptOptions.lookup(40);
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int offset = t;
            workers.add(pool.submit(() -> {
                for (int i = offset; i < lookups.size() * 2; i += 2) {
                    index.searchExcerpt(lookups.get(i % lookups.size()).clip().items(), options);
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT,
                "In process, every clip above: p50 %.2f ms, p99 %.2f ms, max %.2f ms (one thread); %,.0f excerpt lookups/s (two threads).%n%n",
                nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6,
                done.get() / seconds);
    }
}
