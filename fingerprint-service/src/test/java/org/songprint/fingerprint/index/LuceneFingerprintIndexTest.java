package org.songprint.fingerprint.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.songprint.testsupport.AudioFixtures;

/** The Lucene index against real fpcalc fingerprints of generated audio and of real-world copies of it. */
class LuceneFingerprintIndexTest {

    static AudioFixtures.Fpcalc first;
    static AudioFixtures.Fpcalc second;
    static AudioFixtures.Fpcalc third;
    static AudioFixtures.Fpcalc firstQuieter;
    static AudioFixtures.Fpcalc firstMp3;
    static AudioFixtures.Fpcalc firstCut;
    static AudioFixtures.Fpcalc unrelated;

    @TempDir
    Path dir;

    @BeforeAll
    static void fingerprints() {
        Path melody = AudioFixtures.melody(101, 60);
        first = AudioFixtures.fpcalc(melody);
        second = AudioFixtures.fpcalc(AudioFixtures.melody(102, 60));
        third = AudioFixtures.fpcalc(AudioFixtures.melody(103, 45));
        firstQuieter = AudioFixtures.fpcalc(AudioFixtures.transformed(melody, "quieter", "vol", "0.5"));
        firstMp3 = AudioFixtures.fpcalc(AudioFixtures.mp3(melody, 64));
        firstCut = AudioFixtures.fpcalc(AudioFixtures.transformed(melody, "cut5s", "trim", "5"));
        unrelated = AudioFixtures.fpcalc(AudioFixtures.melody(999, 60));
    }

    private LuceneFingerprintIndex indexOfThree() {
        LuceneFingerprintIndex index = new LuceneFingerprintIndex(dir, 16);
        index.upsert(new IndexedFingerprint(1, first.duration(), first.raw()));
        index.upsert(new IndexedFingerprint(2, second.duration(), second.raw()));
        index.upsert(new IndexedFingerprint(3, third.duration(), third.raw()));
        index.refresh();
        return index;
    }

    @Test
    void aBulkLoadHoldsBackMergesUntilItEnds() {
        try (LuceneFingerprintIndex index = new LuceneFingerprintIndex(dir, 16)) {
            index.beginBulkLoad(16);
            int[] items = first.raw();
            for (int i = 1; i <= 12; i++) {
                index.add(new IndexedFingerprint(i, first.duration(), items));
                index.commit(); // one segment per fingerprint
            }
            index.forceMerge(1);
            assertThat(index.segmentCount()).as("no merges while bulk loading").isEqualTo(12);

            long unmerged = index.bytesOnDisk();
            index.endBulkLoad();
            index.forceMerge(1);
            assertThat(index.segmentCount()).isEqualTo(1);
            assertThat(index.bytesOnDisk()).as("the merged-away segments are gone from disk").isLessThan(unmerged);
            assertThat(index.size()).isEqualTo(12);
            assertThat(index.search(first.raw(), SearchOptions.lookup(first.duration(), 7, 40))).isNotEmpty();
        }
    }

    @Test
    void findsTheOriginalAndItsCopies() {
        try (LuceneFingerprintIndex index = indexOfThree()) {
            for (AudioFixtures.Fpcalc copy : List.of(first, firstQuieter, firstMp3)) {
                List<FingerprintMatch> matches = index.search(copy.raw(), SearchOptions.lookup(copy.duration(), 7, 40));
                assertThat(matches).isNotEmpty();
                assertThat(matches.get(0).fingerprintId()).isEqualTo(1);
                assertThat(matches.get(0).score()).isGreaterThan(0.8f);
            }
            List<FingerprintMatch> exact = index.search(first.raw(), SearchOptions.lookup(first.duration(), 7, 40));
            assertThat(exact.get(0).score()).isEqualTo(1.0f);
        }
    }

    @Test
    void findsACopyWithItsStartCutOff() {
        try (LuceneFingerprintIndex index = indexOfThree()) {
            List<FingerprintMatch> matches = index.search(firstCut.raw(), SearchOptions.lookup(firstCut.duration(), 7, 40));
            assertThat(matches).extracting(FingerprintMatch::fingerprintId).first().isEqualTo(1L);
        }
    }

    @Test
    void unrelatedAudioMatchesNothing() {
        try (LuceneFingerprintIndex index = indexOfThree()) {
            assertThat(index.search(unrelated.raw(), SearchOptions.lookup(unrelated.duration(), 7, 40))).isEmpty();
        }
    }

    @Test
    void theDurationWindowAppliesBeforeCandidatesAreCut() {
        try (LuceneFingerprintIndex index = indexOfThree()) {
            // the same audio stored twice, once with a length far from the query's
            index.upsert(new IndexedFingerprint(4, first.duration() + 20, first.raw()));
            index.refresh();
            List<FingerprintMatch> oneCandidate = index.search(first.raw(), new SearchOptions(first.duration(), 7, 0.4f, 1, 10));
            assertThat(oneCandidate).extracting(FingerprintMatch::fingerprintId).containsExactly(1L);
            List<FingerprintMatch> wide = index.search(first.raw(), SearchOptions.lookup(first.duration(), 30, 40));
            assertThat(wide).extracting(FingerprintMatch::fingerprintId).containsExactlyInAnyOrder(1L, 4L);
        }
    }

    @Test
    void aFingerprintAddedTwiceIsFoundOnceAndTheNextUpsertRemovesTheCopy() {
        try (LuceneFingerprintIndex index = indexOfThree()) {
            // a duplicate add() (the build path) is found once, and an upsert of the id removes the copy
            index.add(new IndexedFingerprint(1, first.duration(), first.raw()));
            index.refresh();
            assertThat(index.search(first.raw(), SearchOptions.lookup(first.duration(), 7, 40)))
                    .extracting(FingerprintMatch::fingerprintId).containsExactly(1L);
            index.upsert(new IndexedFingerprint(1, first.duration(), first.raw()));
            index.refreshReaders(); // the copy's delete takes effect in reopened readers
            assertThat(index.size()).isEqualTo(3);
        }
    }

    @Test
    void upsertsAreSearchableFromMemoryUntilTheReadersReopenAndFoundTheSameWayAfter() {
        try (LuceneFingerprintIndex index = indexOfThree()) {
            assertThat(index.bufferedCount()).as("searched from memory, no reader opened").isEqualTo(3);
            assertThat(index.size()).isEqualTo(3);
            assertThat(index.contains(2)).isTrue();
            List<List<FingerprintMatch>> fromMemory = searchEveryCopy(index);
            assertThat(fromMemory.get(0)).extracting(FingerprintMatch::fingerprintId).first().isEqualTo(1L);

            index.refreshReaders();
            assertThat(index.bufferedCount()).as("the readers show them now").isZero();
            assertThat(index.size()).isEqualTo(3);
            assertThat(index.contains(2)).isTrue();
            assertThat(searchEveryCopy(index)).isEqualTo(fromMemory);
        }
    }

    private static List<List<FingerprintMatch>> searchEveryCopy(LuceneFingerprintIndex index) {
        return java.util.stream.Stream.of(first, second, third, firstQuieter, firstMp3, firstCut, unrelated)
                .map(copy -> index.search(copy.raw(), SearchOptions.lookup(copy.duration(), 7, 40))).toList();
    }

    @Test
    void aDeleteOfABufferedFingerprintHidesItAtTheNextRefresh() {
        try (LuceneFingerprintIndex index = indexOfThree()) {
            index.delete(2);
            index.refresh();
            assertThat(index.search(second.raw(), SearchOptions.lookup(second.duration(), 7, 40))).isEmpty();
            assertThat(index.contains(2)).isFalse();
            assertThat(index.size()).isEqualTo(2);
            assertThat(index.search(first.raw(), SearchOptions.lookup(first.duration(), 7, 40)))
                    .extracting(FingerprintMatch::fingerprintId).first().isEqualTo(1L);
        }
    }

    @Test
    void upsertsBeyondTheBufferAreMadeSearchableByReopeningTheReaders() {
        try (LuceneFingerprintIndex index = new LuceneFingerprintIndex(dir, 16, 2)) {
            index.upsert(new IndexedFingerprint(1, first.duration(), first.raw()));
            index.upsert(new IndexedFingerprint(2, second.duration(), second.raw()));
            index.upsert(new IndexedFingerprint(3, third.duration(), third.raw()));
            index.refresh();
            assertThat(index.bufferedCount()).isZero();
            assertThat(index.size()).isEqualTo(3);
            assertThat(index.search(third.raw(), SearchOptions.lookup(third.duration(), 7, 40)))
                    .extracting(FingerprintMatch::fingerprintId).containsExactly(3L);
        }
    }

    @Test
    void aRefreshedFingerprintStaysFoundWhileReadersReopenAroundIt() throws Exception {
        try (LuceneFingerprintIndex index = indexOfThree()) {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int id = 10; !stop.get(); id++) {
                    index.upsert(new IndexedFingerprint(id, third.duration(), third.raw()));
                    index.refresh();
                    index.refreshReaders();
                }
            });
            writer.start();
            int searches = 0;
            try {
                long until = System.nanoTime() + 1_500_000_000L;
                while (System.nanoTime() < until) {
                    assertThat(index.search(first.raw(), SearchOptions.lookup(first.duration(), 7, 40)))
                            .extracting(FingerprintMatch::fingerprintId).containsExactly(1L);
                    assertThat(index.contains(2)).isTrue();
                    searches++;
                }
            } finally {
                stop.set(true);
                writer.join();
            }
            assertThat(searches).isGreaterThan(10);
        }
    }

    @Test
    void upsertReplacesAndDeleteRemoves() {
        try (LuceneFingerprintIndex index = indexOfThree()) {
            index.upsert(new IndexedFingerprint(1, first.duration(), first.raw()));
            index.refresh();
            assertThat(index.size()).isEqualTo(3);
            index.delete(1);
            index.refresh();
            assertThat(index.size()).isEqualTo(2);
            assertThat(index.search(first.raw(), SearchOptions.lookup(first.duration(), 7, 40))).isEmpty();
        }
    }

    @Test
    void aReopenedIndexKeepsItsFingerprintsAndItsHighestId() {
        try (LuceneFingerprintIndex index = indexOfThree()) {
            index.commit();
        }
        try (LuceneFingerprintIndex reopened = new LuceneFingerprintIndex(dir, 16)) {
            assertThat(reopened.maxIndexedId()).isEqualTo(3);
            assertThat(reopened.size()).isEqualTo(3);
            assertThat(reopened.search(second.raw(), SearchOptions.lookup(second.duration(), 7, 40)))
                    .extracting(FingerprintMatch::fingerprintId).first().isEqualTo(2L);
        }
    }
}
