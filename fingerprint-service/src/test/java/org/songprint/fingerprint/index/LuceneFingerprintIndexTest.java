package org.songprint.fingerprint.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Lucene engine: the contract, and its bulk-load merge policy. */
class LuceneFingerprintIndexTest extends FingerprintIndexContract<LuceneFingerprintIndex> {

    @Override
    protected LuceneFingerprintIndex open(Path dir, int bufferCapacity) {
        return new LuceneFingerprintIndex(dir, 16, bufferCapacity);
    }

    @Override
    protected int bufferedCount(LuceneFingerprintIndex index) {
        return index.bufferedCount();
    }

    @Test
    void aBulkLoadHoldsBackMergesUntilItEnds() {
        try (LuceneFingerprintIndex index = open(dir)) {
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

}
