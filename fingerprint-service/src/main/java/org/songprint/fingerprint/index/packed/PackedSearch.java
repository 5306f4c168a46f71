package org.songprint.fingerprint.index.packed;

import java.util.Arrays;
import java.util.List;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.fingerprint.index.FingerprintMatch;
import org.songprint.fingerprint.index.IndexedFingerprint;
import org.songprint.fingerprint.index.SearchOptions;
import org.songprint.fingerprint.index.packed.storage.FingerprintLog;

/**
 * The packed index's search: counts the query's buckets per document in each segment and in the
 * memory buffer, keeps the best candidates by hit count ({@link CandidateHeap}), then scores each
 * against its stored items with compare2.
 */
final class PackedSearch {

    private final int bucketBits;
    private final FingerprintLog log;
    private final ThreadLocal<SearchScratch> scratch = ThreadLocal.withInitial(SearchScratch::new);

    PackedSearch(int bucketBits, FingerprintLog log) {
        this.bucketBits = bucketBits;
        this.log = log;
    }

    /**
     * Searches the memory buffer and the segments. The caller reads {@code buffered} before
     * {@code segments}: a flush installs its segment before the buffer empties, so every fingerprint is
     * in one or both.
     */
    List<FingerprintMatch> search(int[] query, SearchOptions options, BufferSnapshot buffered, List<PackedSegment> segments) {
        int[] terms = FingerprintComparator.extractQuery(query);
        if (terms.length == 0) {
            return List.of();
        }
        int[] buckets = BucketPostings.buckets(terms, bucketBits);
        int minHits = SearchOptions.minHits(terms.length);
        SearchScratch s = scratch.get();
        CandidateHeap heap = s.heap(options);
        for (int ordinal = 0; ordinal < segments.size(); ordinal++) {
            collect(segments.get(ordinal), ordinal, buckets, minHits, options, s, heap);
        }
        buffered.collect(buckets, minHits, options, segments.size(), heap);
        return score(query, segments, buffered, heap, options, s);
    }

    private static void collect(PackedSegment segment, int segmentOrdinal, int[] buckets, int minHits,
            SearchOptions options, SearchScratch s, CandidateHeap heap) {
        s.prepare(segment.docCount());
        int[] docs = s.docs(segment.postings.blockCapacity());
        s.keep(segment.postings.touch(buckets));
        for (int bucket : buckets) {
            int count = segment.postings.decode(bucket, null, Integer.MAX_VALUE, docs, null);
            for (int i = 0; i < count; i++) {
                s.hit(docs[i]);
            }
        }
        long[] deleted = segment.deletedBits();
        byte[] counts = s.counts();
        int[] touched = s.touched();
        int touchedCount = s.touchedCount();
        // first the documents that can be candidates at all, and how many have each hit count
        int[] histogram = s.histogram();
        int top = 0;
        int kept = 0;
        for (int i = 0; i < touchedCount; i++) {
            int doc = touched[i];
            int hits = counts[doc];
            if (hits < minHits || !PackedSegment.isLive(deleted, doc) || !options.admits(segment.lengths[doc])) {
                counts[doc] = 0;
                continue;
            }
            touched[kept++] = doc;
            histogram[hits]++;
            top = Math.max(top, hits);
        }
        // then only those with enough hits to be kept: thousands of documents can share a few terms
        // with a query, and offering each to the heap cost a quarter of a lookup
        int fewest = heap.fewestUseful(histogram, top);
        Arrays.fill(histogram, 0, top + 1, 0);
        for (int i = 0; i < kept; i++) {
            int doc = touched[i];
            int hits = counts[doc];
            counts[doc] = 0;
            if (hits >= fewest) {
                heap.offer(hits, options.closeness(segment.lengths[doc]), segmentOrdinal, doc);
            }
        }
    }

    private List<FingerprintMatch> score(int[] query, List<PackedSegment> searched, BufferSnapshot buffered,
            CandidateHeap heap, SearchOptions options, SearchScratch s) {
        long[] candidates = heap.drainSortedByLocation();
        if (candidates.length == 0) {
            return List.of();
        }
        MatchScorer scorer = new MatchScorer(query, options, candidates.length);
        for (long candidate : candidates) {
            int segmentOrdinal = CandidateHeap.leaf(candidate);
            int doc = CandidateHeap.doc(candidate);
            if (segmentOrdinal == searched.size()) {
                IndexedFingerprint fingerprint = buffered.fingerprint(doc);
                scorer.score(fingerprint.id(), fingerprint.length(), CandidateHeap.hits(candidate), fingerprint.hashes());
                continue;
            }
            PackedSegment segment = searched.get(segmentOrdinal);
            long id = segment.ids[doc];
            if (!scorer.scored(id)) { // else the log is not read
                int[] stored = s.stored(0);
                int count = log.readInto(segment.offsets[doc], stored);
                if (count < 0) {
                    stored = s.stored(-count);
                    count = log.readInto(segment.offsets[doc], stored);
                }
                scorer.score(id, segment.lengths[doc], CandidateHeap.hits(candidate), stored, count);
            }
        }
        return scorer.best();
    }
}
