package org.songprint.fingerprint.index.packed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.songprint.fingerprint.index.SearchOptions;

/** The candidate heap keeps the best by hits, and tells a search which documents are not worth offering. */
class CandidateHeapTest {

    private final CandidateHeap heap = new CandidateHeap();

    @Test
    void fewestUsefulIsTheHitCountOfTheLastKeptCandidateOrTheScoringFloor() {
        heap.reset(new SearchOptions(0, -1, 0.4f, 3, 3, 10));
        int[] histogram = new int[121];
        histogram[50] = 1;
        histogram[30] = 1;
        histogram[20] = 5;
        histogram[3] = 1000;
        // the best three have 50, 30 and 20 hits; every document tying at 20 may still be kept
        assertThat(heap.fewestUseful(histogram, 50)).isEqualTo(20);
        heap.reset(new SearchOptions(0, -1, 0.4f, 100, 100, 10));
        // room for all: only the tenth of the best one's hits applies
        assertThat(heap.fewestUseful(histogram, 50)).isEqualTo(5);
        heap.reset(SearchOptions.lookup(0, -1, 100));
        assertThat(heap.fewestUseful(histogram, 50)).isEqualTo(20);
    }

    @Test
    void offeringOnlyTheUsefulKeepsTheSameCandidates() {
        SplittableRandom random = new SplittableRandom(9);
        for (int round = 0; round < 200; round++) {
            SearchOptions options = new SearchOptions(0, -1, 0.4f, 1 + random.nextInt(60), 40, random.nextInt(60));
            int[] hits = new int[1 + random.nextInt(3000)];
            int[] histogram = new int[121];
            int top = 0;
            for (int doc = 0; doc < hits.length; doc++) {
                hits[doc] = 2 + (random.nextInt(10) == 0 ? random.nextInt(119) : random.nextInt(6));
                histogram[hits[doc]]++;
                top = Math.max(top, hits[doc]);
            }
            heap.reset(options);
            for (int doc = 0; doc < hits.length; doc++) {
                heap.offer(hits[doc], 0, 0, doc);
            }
            long[] all = heap.drainSortedByLocation();
            heap.reset(options);
            int fewest = heap.fewestUseful(histogram, top);
            for (int doc = 0; doc < hits.length; doc++) {
                if (hits[doc] >= fewest) {
                    heap.offer(hits[doc], 0, 0, doc);
                }
            }
            assertThat(heap.drainSortedByLocation()).as("round %d", round).isEqualTo(all);
            assertThat(Arrays.stream(all).map(CandidateHeap::hits).min().orElse(fewest)).isGreaterThanOrEqualTo(fewest);
        }
    }
}
