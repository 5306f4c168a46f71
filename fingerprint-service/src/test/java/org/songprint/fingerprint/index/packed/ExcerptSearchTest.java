package org.songprint.fingerprint.index.packed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.songprint.fingerprint.index.ExcerptMatch;
import org.songprint.fingerprint.index.ExcerptOptions;
import org.songprint.fingerprint.index.IndexedFingerprint;
import org.songprint.fingerprint.index.SearchOptions;
import org.songprint.testsupport.AudioFixtures;

/**
 * Excerpt search on fpcalc's own output: clips cut with sox from inside catalogued recordings and
 * fingerprinted as a client would (their frame grid does not line up with the original's), found
 * at the right place; clips of other audio found nowhere.
 */
class ExcerptSearchTest {

    static final ExcerptTerms TERMS = ExcerptTerms.ofClassifiers(ExcerptTerms.ROBUST_CLASSIFIERS, 3);
    static final int RECORDINGS = 4;
    static final List<Path> audio = new ArrayList<>();
    static final List<AudioFixtures.Fpcalc> catalogued = new ArrayList<>();

    @TempDir
    Path dir;
    PackedFingerprintIndex index;

    @BeforeAll
    static void recordings() {
        for (int i = 0; i < RECORDINGS; i++) {
            Path melody = AudioFixtures.melody(601 + i, 130);
            audio.add(melody);
            catalogued.add(AudioFixtures.fpcalc(melody)); // fpcalc's default: the first 120 s
        }
    }

    @BeforeEach
    void catalogue() {
        index = new PackedFingerprintIndex(dir, PackedFingerprintIndex.DEFAULT_BUCKET_BITS, 1000, TERMS);
        for (int i = 0; i < RECORDINGS; i++) {
            index.upsert(new IndexedFingerprint(100 + i, catalogued.get(i).duration(), catalogued.get(i).raw()));
        }
        index.refreshReaders();
        awaitExcerpts(index);
    }

    @AfterEach
    void close() {
        index.close();
    }

    static void awaitExcerpts(PackedFingerprintIndex index) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!index.excerptsReady()) {
            assertThat(System.nanoTime() - deadline).as("excerpt postings built within 20 s").isNegative();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static AudioFixtures.Fpcalc clip(int recording, double start, double seconds) {
        return AudioFixtures.fpcalc(AudioFixtures.transformed(audio.get(recording),
                "clip-" + start + "-" + seconds, "trim", String.valueOf(start), String.valueOf(seconds)));
    }

    static List<ExcerptMatch> search(PackedFingerprintIndex index, AudioFixtures.Fpcalc clip) {
        return index.searchExcerpt(clip.raw(), ExcerptOptions.lookup(40));
    }

    @Test
    void aClipFromInsideARecordingIsFoundWhereItBegins() {
        for (double[] cut : new double[][] {{40.3, 15}, {7.77, 30}, {91.05, 15}, {63.5, 8}}) {
            AudioFixtures.Fpcalc clip = clip(2, cut[0], cut[1]);
            List<ExcerptMatch> found = search(index, clip);
            assertThat(found).as("a %s s clip from %s s", cut[1], cut[0]).isNotEmpty();
            assertThat(found.get(0).fingerprintId()).isEqualTo(102);
            assertThat(found.get(0).offsetSeconds()).as("where the clip begins").isCloseTo(cut[0], within(0.3));
            assertThat(found.get(0).score()).isGreaterThan(0.5f);
            assertThat(found).as("nothing else scores").hasSize(1);
        }
    }

    @Test
    void aClipIsNotFoundByAWholeTrackLookup() {
        AudioFixtures.Fpcalc clip = clip(1, 52.2, 15);
        assertThat(index.search(clip.raw(), SearchOptions.lookup(clip.duration(), 7, 40)))
                .as("AcoustID's lookup looks for the start of a recording of about the same length").isEmpty();
        assertThat(search(index, clip)).extracting(ExcerptMatch::fingerprintId).containsExactly(101L);
    }

    @Test
    void aLossyClipIsFoundToo() {
        Path cut = AudioFixtures.transformed(audio.get(3), "clip-mp3-33.3-15", "trim", "33.3", "15");
        AudioFixtures.Fpcalc clip = AudioFixtures.fpcalc(AudioFixtures.mp3(cut, 64));
        List<ExcerptMatch> found = search(index, clip);
        assertThat(found).extracting(ExcerptMatch::fingerprintId).containsExactly(103L);
        assertThat(found.get(0).offsetSeconds()).isCloseTo(33.3, within(0.3));
    }

    @Test
    void aClipOfOtherAudioIsFoundNowhere() {
        Path other = AudioFixtures.melody(699, 60);
        AudioFixtures.Fpcalc clip = AudioFixtures.fpcalc(AudioFixtures.transformed(other, "clip-20-15", "trim", "20", "15"));
        assertThat(search(index, clip)).isEmpty();
    }

    @Test
    void aBulkLoadsSegmentsGetTheirExcerptPostingsOnceItEndsNotBesideIt() throws InterruptedException {
        // segments of at most 2: the load of 4 cuts two of them before it ends
        try (PackedFingerprintIndex bulk = new PackedFingerprintIndex(dir.resolve("bulk"), PackedFingerprintIndex.DEFAULT_BUCKET_BITS,
                1000, TERMS, 2)) {
            bulk.beginBulkLoad(0);
            for (int i = 0; i < RECORDINGS; i++) {
                bulk.add(new IndexedFingerprint(300 + i, catalogued.get(i).duration(), catalogued.get(i).raw()));
            }
            assertThat(bulk.segmentCount()).isEqualTo(2);
            Thread.sleep(500); // time enough to build the postings of two fingerprints, were they built now
            assertThat(bulk.excerptsReady()).as("no excerpt postings built beside the load").isFalse();
            bulk.endBulkLoad();
            awaitExcerpts(bulk);
            assertThat(search(bulk, clip(2, 40.3, 15))).extracting(ExcerptMatch::fingerprintId).containsExactly(302L);
        }
    }

    @Test
    void excerptsSurviveAMergeAReopenAndADelete() {
        index.upsert(new IndexedFingerprint(200, catalogued.get(0).duration(), catalogued.get(0).raw()));
        index.forceMerge(1);
        assertThat(index.excerptsReady()).as("a merged segment has its postings before it is installed").isTrue();
        AudioFixtures.Fpcalc clip = clip(0, 25, 15);
        assertThat(search(index, clip)).extracting(ExcerptMatch::fingerprintId).containsExactlyInAnyOrder(100L, 200L);
        index.delete(100);
        assertThat(search(index, clip)).extracting(ExcerptMatch::fingerprintId).containsExactly(200L);
        index.close();
        index = new PackedFingerprintIndex(dir, PackedFingerprintIndex.DEFAULT_BUCKET_BITS, 1000, TERMS);
        awaitExcerpts(index);
        assertThat(search(index, clip)).extracting(ExcerptMatch::fingerprintId).containsExactly(200L);
    }

    @Test
    void withoutExcerptTermsTheIndexKeepsNoPostingsAndFindsNoExcerpts() {
        try (PackedFingerprintIndex plain = new PackedFingerprintIndex(dir.resolve("plain"),
                PackedFingerprintIndex.DEFAULT_BUCKET_BITS, 1000)) {
            plain.upsert(new IndexedFingerprint(1, catalogued.get(0).duration(), catalogued.get(0).raw()));
            plain.refreshReaders();
            assertThat(plain.searchesExcerpts()).isFalse();
            assertThat(plain.excerptBytes()).isZero();
            assertThat(search(plain, clip(0, 25, 15))).isEmpty();
        }
    }
}
