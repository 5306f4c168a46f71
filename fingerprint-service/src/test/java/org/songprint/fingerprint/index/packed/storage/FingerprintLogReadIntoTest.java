package org.songprint.fingerprint.index.packed.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FingerprintLog#readInto} reads a record from the log's mappings where they cover it and
 * with {@code pread} elsewhere; both must give the record's items exactly. Small windows (4 KiB plus
 * 1 KiB) put records across window edges, past the overlap and in the unmapped tail.
 */
class FingerprintLogReadIntoTest {

    private static final long WINDOW = 4096;
    private static final int OVERLAP = 1024;

    @TempDir
    Path dir;

    private record Written(long offset, int[] items) {
    }

    private static List<Written> append(FingerprintLog log, SplittableRandom random, int count, long firstId) {
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // mostly records that fit the overlap, some that do not (over 1 KiB), and empty ones
            int size = random.nextInt(10) == 0 ? 300 + random.nextInt(200) : random.nextInt(120);
            int[] items = random.ints(size).toArray();
            written.add(new Written(log.append(firstId + i, size / 8, items), items));
        }
        log.flush();
        return written;
    }

    private static void assertReadBack(FingerprintLog log, List<Written> written) {
        int[] into = new int[128];
        for (Written record : written) {
            int count = log.readInto(record.offset(), into);
            if (record.items().length > into.length) {
                assertEquals(-record.items().length, count, "too small an array: the count, negated");
                int[] larger = new int[record.items().length];
                assertEquals(record.items().length, log.readInto(record.offset(), larger));
                assertArrayEquals(record.items(), larger);
            } else {
                assertEquals(record.items().length, count, "items of the record at " + record.offset());
                assertArrayEquals(record.items(), Arrays.copyOf(into, count), "items of the record at " + record.offset());
            }
            assertArrayEquals(record.items(), log.read(record.offset()), "pread agrees");
        }
    }

    @Test
    void readsEveryRecordExactlyWhereverItLies() {
        try (FingerprintLog log = new FingerprintLog(dir.resolve("log"), WINDOW, OVERLAP)) {
            SplittableRandom random = new SplittableRandom(3);
            List<Written> written = append(log, random, 400, 1);
            assertReadBack(log, written);
            // the file grows: windows it now holds whole are mapped, and records in them read from there
            written.addAll(append(log, random, 400, 1000));
            assertReadBack(log, written);
        }
    }

    @Test
    void aLogLargerThanThePageCacheCanKeepIsReadWithPreadOnly() {
        try (FingerprintLog log = new FingerprintLog(dir.resolve("log"), WINDOW, OVERLAP, 2 * WINDOW)) {
            SplittableRandom random = new SplittableRandom(7);
            List<Written> written = new ArrayList<>();
            for (int i = 0; !log.readsMapped() && i < 1000; i++) {
                written.addAll(append(log, random, 1, i + 1));
            }
            assertTrue(log.readsMapped(), "mapped once a window is whole, within the limit of two");
            assertReadBack(log, written);
            written.addAll(append(log, random, 400, 2000));
            assertFalse(log.readsMapped(), "past two windows: pread");
            assertReadBack(log, written);
        }
        assertTrue(FingerprintLog.cacheableBytes() > 0, "this machine has memory beside the test's heap");
    }

    @Test
    void readsAgainAfterTheLogIsReopenedClearedOrCut() throws Exception {
        Path file = dir.resolve("log");
        List<Written> written;
        try (FingerprintLog log = new FingerprintLog(file, WINDOW, OVERLAP)) {
            written = append(log, new SplittableRandom(5), 300, 1);
        }
        try (FingerprintLog log = new FingerprintLog(file, WINDOW, OVERLAP)) {
            assertReadBack(log, written); // mapped at open
            // a replay that finds damage cuts the file: windows past the cut are forgotten, and
            // records appended after it are read back, not what the cut-off part held
            long cutAt = written.get(150).offset();
            DiskDamage.flipByte(file, cutAt + FingerprintLog.HEADER - 1);
            FingerprintLog.Replay replay = log.replay(0, 0, entry -> { });
            assertEquals(cutAt, replay.cutAt());
            List<Written> kept = new ArrayList<>(written.subList(0, 150));
            kept.addAll(append(log, new SplittableRandom(6), 300, 5000));
            assertReadBack(log, kept);

            log.clear();
            assertReadBack(log, append(log, new SplittableRandom(7), 300, 9000));
        }
    }

    @Test
    void aDamagedSizeIsRefusedNotAllocated() throws Exception {
        Path file = dir.resolve("log");
        try (FingerprintLog log = new FingerprintLog(file, WINDOW, OVERLAP)) {
            List<Written> written = append(log, new SplittableRandom(9), 300, 1);
            // the top byte of a mapped record's size: it now claims about 1.5 GB of items
            long damaged = written.get(10).offset();
            DiskDamage.flipByte(file, damaged);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> log.readInto(damaged, new int[128]));
            assertEquals(true, refused.getMessage().contains("offset " + damaged), refused.getMessage());
            assertReadBack(log, written.subList(11, written.size()));
        }
    }
}
