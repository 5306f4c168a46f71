package org.songprint.fingerprint.index.packed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.songprint.fingerprint.index.FingerprintIndexContract;
import org.songprint.fingerprint.index.FingerprintMatch;
import org.songprint.fingerprint.index.IndexedFingerprint;
import org.songprint.fingerprint.index.SearchOptions;
import org.songprint.fingerprint.index.packed.storage.DiskDamage;
import org.songprint.fingerprint.index.packed.storage.FingerprintLog;
import org.songprint.testsupport.AudioFixtures;

/** The packed engine: the contract, plus its bulk build, merges, persistence and crash recovery. */
class PackedFingerprintIndexTest extends FingerprintIndexContract<PackedFingerprintIndex> {

    @Override
    protected PackedFingerprintIndex open(Path dir, int bufferCapacity) {
        return new PackedFingerprintIndex(dir, PackedFingerprintIndex.DEFAULT_BUCKET_BITS, bufferCapacity);
    }

    @Override
    protected int bufferedCount(PackedFingerprintIndex index) {
        return index.bufferedCount();
    }

    private static IndexedFingerprint fingerprint(long id) {
        // ids past 3 repeat the three fixtures: the same audio stored under several ids
        return switch ((int) (id % 3)) {
            case 1 -> new IndexedFingerprint(id, first.duration(), first.raw());
            case 2 -> new IndexedFingerprint(id, second.duration(), second.raw());
            default -> new IndexedFingerprint(id, third.duration(), third.raw());
        };
    }

    private static List<Long> idsMatching(PackedFingerprintIndex index, AudioFixtures.Fpcalc copy) {
        return index.search(copy.raw(), new SearchOptions(copy.duration(), 7, 0.4f, 100, 100)).stream()
                .map(FingerprintMatch::fingerprintId).sorted().toList();
    }

    // an index that held these fingerprints, closed
    private void written(long... ids) {
        try (PackedFingerprintIndex index = open(dir)) {
            for (long id : ids) {
                index.upsert(fingerprint(id));
            }
        }
    }

    // starts a bulk load of fingerprints 1 to last, not ended
    private static void addInBulk(PackedFingerprintIndex index, long last) {
        index.beginBulkLoad(0);
        for (long id = 1; id <= last; id++) {
            index.add(fingerprint(id));
        }
    }

    // the ids an AcoustID lookup of the copy finds, best first
    private static List<Long> lookedUp(PackedFingerprintIndex index, AudioFixtures.Fpcalc copy) {
        return index.search(copy.raw(), SearchOptions.lookup(copy.duration(), 7, 40)).stream()
                .map(FingerprintMatch::fingerprintId).toList();
    }

    @Test
    void aBulkBuildIsOneSegmentAndAReopenReadsItWithoutReplayingTheLog() {
        try (PackedFingerprintIndex index = open(dir)) {
            addInBulk(index, 30);
            assertThat(index.size()).as("not searchable before the build ends").isZero();
            index.endBulkLoad();
            assertThat(index.segmentCount()).isEqualTo(1);
            assertThat(index.size()).isEqualTo(30);
            assertThat(idsMatching(index, first)).containsExactly(1L, 4L, 7L, 10L, 13L, 16L, 19L, 22L, 25L, 28L);
        }
        try (PackedFingerprintIndex reopened = open(dir)) {
            assertThat(reopened.bufferedCount()).as("nothing replayed into memory").isZero();
            assertThat(reopened.segmentCount()).isEqualTo(1);
            assertThat(reopened.maxIndexedId()).isEqualTo(30);
            assertThat(idsMatching(reopened, first)).hasSize(10);
        }
    }

    // an index whose segments hold at most max fingerprints
    private PackedFingerprintIndex capped(int bufferCapacity, int max) {
        return new PackedFingerprintIndex(dir, PackedFingerprintIndex.DEFAULT_BUCKET_BITS, bufferCapacity, null, max);
    }

    @Test
    void aBulkBuildCutsASegmentEveryMaximumAndNoMergeGrowsOnePastIt() {
        try (PackedFingerprintIndex index = capped(1000, 10)) {
            index.beginBulkLoad(0);
            for (long id = 1; id <= 25; id++) {
                index.add(fingerprint(id));
            }
            index.add(fingerprint(7)); // read twice by the load, in two of its segments: live once
            index.endBulkLoad();
            assertThat(index.segmentCount()).as("10 + 10 + 6").isEqualTo(3);
            assertThat(index.size()).isEqualTo(25);
            assertThat(index.ids()).hasSize(25).doesNotHaveDuplicates();
            assertThat(idsMatching(index, first)).containsExactly(1L, 4L, 7L, 10L, 13L, 16L, 19L, 22L, 25L);
            index.forceMerge(1);
            assertThat(index.segmentCount()).as("the full segments are not merged: 10 + 10 + 6 is past the maximum")
                    .isEqualTo(3);
            assertThat(lookedUp(index, second).get(0)).isIn(2L, 5L, 8L, 11L, 14L, 17L, 20L, 23L);
        }
        try (PackedFingerprintIndex reopened = capped(1000, 10)) {
            assertThat(reopened.bufferedCount()).as("every cut segment is in a file").isZero();
            assertThat(reopened.segmentCount()).isEqualTo(3);
            assertThat(reopened.ids()).hasSize(25).doesNotHaveDuplicates();
        }
    }

    @Test
    void aSegmentAFifthOfWhichIsDeletedIsRewrittenWithoutThem() throws Exception {
        try (PackedFingerprintIndex index = capped(1000, 10)) {
            index.beginBulkLoad(0);
            for (long id = 1; id <= 20; id++) {
                index.add(fingerprint(id));
            }
            index.endBulkLoad();
            assertThat(index.segmentCount()).as("two full segments, which no merge takes").isEqualTo(2);
            index.delete(1);
            Thread.sleep(300);
            assertThat(index.segmentDocuments()).as("one deleted of ten: kept").isEqualTo(20);
            index.delete(4);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (index.segmentDocuments() > 18 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(index.segmentDocuments()).as("two of ten deleted: the segment rewritten without them").isEqualTo(18);
            assertThat(index.segmentCount()).isEqualTo(2);
            assertThat(index.size()).isEqualTo(18);
            assertThat(idsMatching(index, first)).containsExactly(7L, 10L, 13L, 16L, 19L);
            assertThat(lookedUp(index, second).get(0)).isIn(2L, 5L, 8L, 11L, 14L, 17L, 20L);
            index.commit();
        }
        try (PackedFingerprintIndex reopened = capped(1000, 10)) {
            assertThat(reopened.segmentDocuments()).isEqualTo(18);
            assertThat(reopened.size()).isEqualTo(18);
            assertThat(idsMatching(reopened, first)).containsExactly(7L, 10L, 13L, 16L, 19L);
        }
    }

    @Test
    void aSegmentsDefaultMaximumBuildsInAThirdOfTheHeap() {
        long gib = 1L << 30;
        assertThat(PackedFingerprintIndex.maxSegmentFingerprintsFor(2 * gib)).isEqualTo(550_636);
        assertThat((long) PackedFingerprintIndex.maxSegmentFingerprintsFor(3 * gib) * PackedFingerprintIndex.BUILD_BYTES_PER_FINGERPRINT)
                .isLessThanOrEqualTo(gib);
        assertThat(PackedFingerprintIndex.maxSegmentFingerprintsFor(64 * gib)).isEqualTo(PackedFingerprintIndex.DEFAULT_MAX_SEGMENT_FINGERPRINTS);
        assertThat(PackedFingerprintIndex.maxSegmentFingerprintsFor(64L << 20)).as("a tiny heap still builds").isEqualTo(17_207);
    }

    @Test
    void smallSegmentsAreMergedOnlyAsFarAsTheMaximumAllows() throws Exception {
        // a buffer of 2: every second upsert flushes a segment of 2; four of them would make 8, past 7
        try (PackedFingerprintIndex index = capped(2, 7)) {
            for (long id = 1; id <= 24; id++) {
                index.upsert(fingerprint(id));
            }
            index.refreshReaders();
            // a merge starts once four segments of 2 wait and takes three: 6 + 6 + 6 + 2 + 2 + 2
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (index.segmentCount() > 6 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(index.segmentCount()).isEqualTo(6);
            index.forceMerge(1);
            assertThat(index.segmentCount()).as("the 2s merged into a fourth 6, and no two 6s into one past 7").isEqualTo(4);
            assertThat(index.size()).isEqualTo(24);
            assertThat(idsMatching(index, first)).hasSize(8);
        }
    }

    @Test
    void smallSegmentsAreMergedInTheBackgroundAndEveryFingerprintStaysFound() throws Exception {
        try (PackedFingerprintIndex index = open(dir, 3)) {
            for (long id = 1; id <= 60; id++) {
                index.upsert(fingerprint(id));
                index.refresh();
                assertThat(index.contains(id)).isTrue();
            }
            index.delete(4);
            index.refreshReaders();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (index.segmentCount() > 6 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(index.segmentCount()).as("4 of a size merged into one").isLessThanOrEqualTo(6);
            assertThat(index.size()).isEqualTo(59);
            List<Long> firsts = idsMatching(index, first);
            assertThat(firsts).hasSize(19).doesNotContain(4L).contains(1L, 58L);
            index.commit();
        }
        try (PackedFingerprintIndex reopened = open(dir, 3)) {
            assertThat(reopened.size()).isEqualTo(59);
            assertThat(reopened.contains(4)).isFalse();
            assertThat(idsMatching(reopened, first)).hasSize(19).doesNotContain(4L);
        }
    }

    @Test
    void aDeleteOfAFingerprintInASegmentFileSurvivesARestart() {
        try (PackedFingerprintIndex index = open(dir)) {
            addInBulk(index, 6);
            index.endBulkLoad();
            index.delete(4);
            index.commit();
        }
        try (PackedFingerprintIndex reopened = open(dir)) {
            assertThat(reopened.size()).isEqualTo(5);
            assertThat(idsMatching(reopened, first)).containsExactly(1L);
        }
    }

    @Test
    void upsertsNotYetCommittedAreReplayedFromTheLogAfterACrash() {
        PackedFingerprintIndex crashed = open(dir);
        crashed.beginBulkLoad(0);
        crashed.add(fingerprint(1));
        crashed.endBulkLoad(); // committed: one segment file
        crashed.upsert(fingerprint(2));
        crashed.upsert(fingerprint(3));
        crashed.delete(1);
        crashed.refreshReaders(); // written to the log, never committed; the process dies here
        try (PackedFingerprintIndex reopened = open(dir)) {
            assertThat(reopened.size()).isEqualTo(2);
            assertThat(reopened.contains(1)).isFalse();
            assertThat(reopened.contains(2)).isTrue();
            assertThat(reopened.maxIndexedId()).isEqualTo(3);
            assertThat(lookedUp(reopened, third)).containsExactly(3L);
        }
    }

    @Test
    void aTornRecordAtTheEndOfTheLogIsCutOffAndLaterAppendsFollowTheLastGoodOne() throws IOException {
        written(1, 2);
        Path log = dir.resolve("fingerprints.items");
        long good = Files.size(log);
        // a crash in the middle of appending: a header promising more bytes than were written
        Files.write(log, new byte[] {0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 9, 1, 2}, StandardOpenOption.APPEND);
        try (PackedFingerprintIndex reopened = open(dir)) {
            assertThat(Files.size(log)).isEqualTo(good);
            assertThat(reopened.size()).isEqualTo(2);
            reopened.upsert(fingerprint(3));
            reopened.refreshReaders();
        }
        try (PackedFingerprintIndex again = open(dir)) {
            assertThat(again.size()).isEqualTo(3);
            assertThat(lookedUp(again, third)).containsExactly(3L);
        }
    }

    @Test
    void aCorruptRecordIsNotIndexedAndTheLogIsCutBeforeIt() throws IOException {
        written(1, 2, 3);
        Path log = dir.resolve("fingerprints.items");
        long second = recordBytes(fingerprint(1));
        DiskDamage.flipByte(log, second + FingerprintLog.HEADER + 7); // bit rot in the items of fingerprint 2
        try (PackedFingerprintIndex reopened = open(dir)) {
            assertThat(reopened.damagedLogRecords()).isEqualTo(1);
            assertThat(reopened.contains(1)).isTrue();
            assertThat(reopened.contains(2)).as("a record failing its CRC is not indexed").isFalse();
            assertThat(reopened.contains(3)).as("nor anything after it").isFalse();
            assertThat(Files.size(log)).isEqualTo(second);
            assertThat(idsMatching(reopened, first)).containsExactly(1L);
            reopened.upsert(fingerprint(4));
        }
        try (PackedFingerprintIndex again = open(dir)) {
            assertThat(again.damagedLogRecords()).isZero();
            assertThat(again.ids()).containsExactly(1L, 4L);
            assertThat(idsMatching(again, first)).containsExactly(1L, 4L);
        }
    }

    @Test
    void damageBelowRecordsThatACommittedSegmentReadsIsNeitherCutNorOverwritten() throws Exception {
        try (PackedFingerprintIndex index = open(dir, 4)) {
            for (long id = 1; id <= 4; id++) {
                index.upsert(fingerprint(id)); // the fourth fills the buffer: one segment of four, in memory
            }
            for (long id = 5; id <= 8; id++) {
                index.upsert(fingerprint(id));
                index.refreshReaders(); // four segments of one, merged into a segment file
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (index.segmentCount() > 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(index.segmentCount()).isEqualTo(2);
            // the manifest names the file of 5..8; the log is replayed from fingerprint 1, below them
            index.commit();
        }
        Path log = dir.resolve("fingerprints.items");
        long length = Files.size(log);
        DiskDamage.flipByte(log, recordBytes(fingerprint(1)) + FingerprintLog.HEADER + 7);
        try (PackedFingerprintIndex reopened = open(dir)) {
            assertThat(reopened.damagedLogRecords()).isEqualTo(1);
            assertThat(Files.size(log)).as("the records of the segment file are kept").isEqualTo(length);
            assertThat(reopened.ids()).as("2..4 come back from the database").containsExactly(1L, 5L, 6L, 7L, 8L);
            reopened.upsert(fingerprint(9));
            reopened.refresh();
            // appended after them, not over them: the segment's fingerprints still score as themselves
            assertThat(exactMatches(reopened, third)).containsExactly(6L, 9L);
            assertThat(exactMatches(reopened, second)).containsExactly(5L, 8L);
        }
        try (PackedFingerprintIndex again = open(dir)) {
            assertThat(again.damagedLogRecords()).as("the next replay starts past the damage").isZero();
            assertThat(again.ids()).containsExactly(1L, 5L, 6L, 7L, 8L, 9L);
            assertThat(exactMatches(again, first)).containsExactly(1L, 7L);
            assertThat(exactMatches(again, third)).containsExactly(6L, 9L);
        }
    }

    @Test
    void aLogShorterThanWhatItsSegmentsReadMakesTheIndexUnreadable() throws IOException {
        try (PackedFingerprintIndex index = open(dir)) {
            addInBulk(index, 3);
            index.endBulkLoad();
        }
        Path log = dir.resolve("fingerprints.items");
        try (var channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(recordBytes(fingerprint(1)) + 8); // lost with the disk's cache, say
        }
        try (PackedFingerprintIndex reopened = open(dir)) {
            assertThat(reopened.size()).as("rebuilt from the database, not read from a cut log").isZero();
            assertThat(reopened.maxIndexedId()).isZero();
        }
    }

    @Test
    void idsAreEveryLiveFingerprintOnceInOrder() {
        try (PackedFingerprintIndex index = open(dir, 3)) {
            for (long id : new long[] {9, 2, 7, 4, 1}) {
                index.upsert(fingerprint(id));
            }
            index.upsert(fingerprint(7)); // again: one copy
            index.delete(4);
            assertThat(index.ids()).containsExactly(1L, 2L, 7L, 9L);
        }
    }

    @Test
    void fingerprintsUpsertedWhileABulkBuildRunsAreLiveOnceAfterIt() {
        // a replica building from the database while the topic (or its importer) upserts the same ids:
        // seen as 136 fingerprints held twice by a fresh second replica in the fault test
        try (PackedFingerprintIndex index = open(dir, 2)) {
            index.beginBulkLoad(0);
            index.add(fingerprint(1));
            index.add(fingerprint(2));
            index.upsert(fingerprint(2)); // after the load read it
            index.upsert(fingerprint(3)); // before the load reads it
            index.upsert(fingerprint(5));
            index.upsert(fingerprint(6)); // the buffer of 2 is flushed to a segment on the way
            index.add(fingerprint(3));
            index.add(fingerprint(4));
            index.endBulkLoad();
            index.refresh();
            assertThat(index.ids()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(index.size()).isEqualTo(6);
            assertThat(idsMatching(index, third)).containsExactly(3L, 6L);
        }
        try (PackedFingerprintIndex reopened = open(dir, 2)) {
            assertThat(reopened.ids()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    private static long recordBytes(IndexedFingerprint fingerprint) {
        return FingerprintLog.HEADER + (long) fingerprint.hashes().length * Integer.BYTES;
    }

    // the ids whose stored fingerprint scores as the query itself
    private static List<Long> exactMatches(PackedFingerprintIndex index, AudioFixtures.Fpcalc copy) {
        return index.search(copy.raw(), new SearchOptions(copy.duration(), 7, 0.4f, 100, 100)).stream()
                .filter(match -> match.score() == 1.0f).map(FingerprintMatch::fingerprintId).sorted().toList();
    }

    @Test
    void clearDropsEverythingAndTheIndexStaysUsable() {
        try (PackedFingerprintIndex index = indexOfThree()) {
            index.refreshReaders();
            index.forceMerge(1);
            index.clear();
            assertThat(index.size()).isZero();
            assertThat(index.maxIndexedId()).isZero();
            assertThat(index.search(first.raw(), SearchOptions.lookup(first.duration(), 7, 40))).isEmpty();
            index.upsert(fingerprint(7));
            index.refresh();
            assertThat(idsMatching(index, first)).containsExactly(7L);
        }
        try (PackedFingerprintIndex reopened = open(dir)) {
            assertThat(reopened.size()).isEqualTo(1);
        }
    }

    @Test
    void anUnreadableIndexStartsEmptyToBeRebuilt() throws IOException {
        try (PackedFingerprintIndex index = open(dir)) {
            index.beginBulkLoad(0);
            index.add(fingerprint(1));
            index.endBulkLoad();
        }
        try (var files = Files.list(dir)) {
            for (Path segment : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
                Files.write(segment, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}); // another format, or damage
            }
        }
        try (PackedFingerprintIndex reopened = open(dir)) {
            assertThat(reopened.size()).isZero();
            assertThat(reopened.maxIndexedId()).as("the catch-up starts from the first row").isZero();
            reopened.upsert(fingerprint(2));
            reopened.refresh();
            assertThat(reopened.contains(2)).isTrue();
        }
        try (PackedFingerprintIndex again = open(dir)) {
            assertThat(again.size()).isEqualTo(1);
        }
    }

    @Test
    void anIndexOfTheCompressedLogVersionStartsEmptyAndItsLogIsDeleted() throws IOException {
        try (PackedFingerprintIndex index = open(dir)) {
            index.upsert(fingerprint(1));
            index.commit();
        }
        // the earlier version: its manifest magic ("SPMF") and its log of compressed items
        Path manifest = dir.resolve("manifest");
        byte[] bytes = Files.readAllBytes(manifest);
        ByteBuffer.wrap(bytes).putInt(0x53504d46);
        Files.write(manifest, bytes);
        Files.write(dir.resolve("fingerprints.log"), new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 9});
        try (PackedFingerprintIndex reopened = open(dir)) {
            assertThat(reopened.size()).isZero();
            assertThat(reopened.maxIndexedId()).isZero();
            assertThat(dir.resolve("fingerprints.log")).doesNotExist();
        }
    }
}
