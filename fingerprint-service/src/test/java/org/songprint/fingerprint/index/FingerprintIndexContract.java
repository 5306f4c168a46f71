package org.songprint.fingerprint.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.songprint.testsupport.AudioFixtures;

/**
 * What every fingerprint index engine must do, against real fpcalc fingerprints of generated audio
 * and of real-world copies of it.
 */
public abstract class FingerprintIndexContract<I extends ManagedFingerprintIndex> {

    /** A new or reopened index in {@code dir}, holding at most {@code bufferCapacity} upserts in memory. */
    protected abstract I open(Path dir, int bufferCapacity);

    protected abstract int bufferedCount(I index);

    protected I open(Path dir) {
        return open(dir, 5_000);
    }

    protected static AudioFixtures.Fpcalc first;
    protected static AudioFixtures.Fpcalc second;
    protected static AudioFixtures.Fpcalc third;
    protected static AudioFixtures.Fpcalc firstQuieter;
    protected static AudioFixtures.Fpcalc firstMp3;
    protected static AudioFixtures.Fpcalc firstCut;
    protected static AudioFixtures.Fpcalc unrelated;

    @TempDir
    protected Path dir;

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

    protected I indexOfThree() {
        I index = open(dir);
        index.upsert(new IndexedFingerprint(1, first.duration(), first.raw()));
        index.upsert(new IndexedFingerprint(2, second.duration(), second.raw()));
        index.upsert(new IndexedFingerprint(3, third.duration(), third.raw()));
        index.refresh();
        return index;
    }

    @Test
    void findsTheOriginalAndItsCopies() {
        try (I index = indexOfThree()) {
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
        try (I index = indexOfThree()) {
            List<FingerprintMatch> matches = index.search(firstCut.raw(), SearchOptions.lookup(firstCut.duration(), 7, 40));
            assertThat(matches).extracting(FingerprintMatch::fingerprintId).first().isEqualTo(1L);
        }
    }

    @Test
    void unrelatedAudioMatchesNothing() {
        try (I index = indexOfThree()) {
            assertThat(index.search(unrelated.raw(), SearchOptions.lookup(unrelated.duration(), 7, 40))).isEmpty();
        }
    }

    @Test
    void aLookupScoresOnlyCandidatesWithFortyPercentOfTheBestOnesHits() {
        try (I index = indexOfThree()) {
            // a copy of the first whose query terms mostly changed (one bit of the 28 the terms keep,
            // in three items of four), while its bit errors stay low: it shares about a quarter of the
            // terms the original shares with the query, yet scores well when it is compared at all
            int[] altered = first.raw().clone();
            for (int i = 0; i < altered.length; i++) {
                if (i % 4 != 0) {
                    altered[i] ^= 1 << 20;
                }
            }
            index.upsert(new IndexedFingerprint(4, first.duration(), altered));
            index.refresh();
            List<FingerprintMatch> lookup = index.search(first.raw(), SearchOptions.lookup(first.duration(), 7, 40));
            assertThat(lookup).extracting(FingerprintMatch::fingerprintId).containsExactly(1L);
            List<FingerprintMatch> everyTenth = index.search(first.raw(), new SearchOptions(first.duration(), 7, 0.4f, 40, 40));
            assertThat(everyTenth).extracting(FingerprintMatch::fingerprintId).containsExactly(1L, 4L);
            assertThat(everyTenth.get(1).hits()).isLessThan(everyTenth.get(0).hits() * 4 / 10);
        }
    }

    @Test
    void theDurationWindowAppliesBeforeCandidatesAreCut() {
        try (I index = indexOfThree()) {
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
    void amongEqualHitsTheLengthClosestToTheDurationIsKeptAtTheCut() {
        try (I index = open(dir)) {
            // the same audio three times, so every copy shares every term: only the length tells them apart
            int duration = first.duration();
            index.upsert(new IndexedFingerprint(10, duration + 5, first.raw()));
            index.upsert(new IndexedFingerprint(11, duration - 2, first.raw()));
            index.upsert(new IndexedFingerprint(12, duration, first.raw()));
            index.refresh();
            for (boolean inSegments : new boolean[] {false, true}) {
                if (inSegments) {
                    index.refreshReaders();
                }
                assertThat(index.search(first.raw(), new SearchOptions(duration, 7, 0.4f, 1, 10)))
                        .extracting(FingerprintMatch::fingerprintId).containsExactly(12L);
                assertThat(index.search(first.raw(), new SearchOptions(duration, 7, 0.4f, 2, 10)))
                        .extracting(FingerprintMatch::fingerprintId).containsExactlyInAnyOrder(12L, 11L);
                // without a duration window the length says nothing: the earliest document is kept
                assertThat(index.search(first.raw(), new SearchOptions(duration, -1, 0.4f, 1, 10)))
                        .extracting(FingerprintMatch::fingerprintId).containsExactly(10L);
            }
        }
    }

    @Test
    void aFingerprintAddedTwiceIsFoundOnceAndTheNextUpsertRemovesTheCopy() {
        try (I index = indexOfThree()) {
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
        try (I index = indexOfThree()) {
            assertThat(bufferedCount(index)).as("searched from memory, no reader opened").isEqualTo(3);
            assertThat(index.size()).isEqualTo(3);
            assertThat(index.contains(2)).isTrue();
            List<List<FingerprintMatch>> fromMemory = searchEveryCopy(index);
            assertThat(fromMemory.get(0)).extracting(FingerprintMatch::fingerprintId).first().isEqualTo(1L);

            index.refreshReaders();
            assertThat(bufferedCount(index)).as("the readers show them now").isZero();
            assertThat(index.size()).isEqualTo(3);
            assertThat(index.contains(2)).isTrue();
            assertThat(searchEveryCopy(index)).isEqualTo(fromMemory);
        }
    }

    private List<List<FingerprintMatch>> searchEveryCopy(I index) {
        return Stream.of(first, second, third, firstQuieter, firstMp3, firstCut, unrelated)
                .map(copy -> index.search(copy.raw(), SearchOptions.lookup(copy.duration(), 7, 40))).toList();
    }

    @Test
    void aDeleteOfABufferedFingerprintHidesItAtTheNextRefresh() {
        try (I index = indexOfThree()) {
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
    void upsertsBeyondTheBufferAreSearchableAfterARefresh() {
        try (I index = open(dir, 2)) {
            index.upsert(new IndexedFingerprint(1, first.duration(), first.raw()));
            index.upsert(new IndexedFingerprint(2, second.duration(), second.raw()));
            index.upsert(new IndexedFingerprint(3, third.duration(), third.raw()));
            index.refresh();
            assertThat(bufferedCount(index)).as("never more than its capacity in memory").isLessThanOrEqualTo(2);
            assertThat(index.size()).isEqualTo(3);
            assertThat(index.search(third.raw(), SearchOptions.lookup(third.duration(), 7, 40)))
                    .extracting(FingerprintMatch::fingerprintId).containsExactly(3L);
            assertThat(index.search(first.raw(), SearchOptions.lookup(first.duration(), 7, 40)))
                    .extracting(FingerprintMatch::fingerprintId).containsExactly(1L);
        }
    }

    @Test
    void aRefreshedFingerprintStaysFoundWhileReadersReopenAroundIt() throws Exception {
        try (I index = indexOfThree()) {
            AtomicBoolean stop = new AtomicBoolean();
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
        try (I index = indexOfThree()) {
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
        try (I index = indexOfThree()) {
            index.commit();
        }
        try (I reopened = open(dir)) {
            assertThat(reopened.maxIndexedId()).isEqualTo(3);
            assertThat(reopened.size()).isEqualTo(3);
            assertThat(reopened.search(second.raw(), SearchOptions.lookup(second.duration(), 7, 40)))
                    .extracting(FingerprintMatch::fingerprintId).first().isEqualTo(2L);
        }
    }
}
