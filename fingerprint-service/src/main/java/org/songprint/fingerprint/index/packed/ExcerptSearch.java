package org.songprint.fingerprint.index.packed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.songprint.fingerprint.index.ExcerptMatch;
import org.songprint.fingerprint.index.ExcerptOptions;
import org.songprint.fingerprint.index.packed.storage.FingerprintLog;

/**
 * The packed index's excerpt search. Each clip term's hits (a document and the term's position in
 * it) say where the clip would begin in that document; hits of one document agreeing on that offset,
 * within {@link #WINDOW} items, are votes. The documents with the most votes are candidates; each is
 * read from the fingerprint log and scored by {@link ExcerptScorer} around its voted offset.
 *
 * <p>Segments whose excerpt postings are not built yet, and the memory buffer, are not searched: a
 * fingerprint can be found as an excerpt once its segment's postings are built (see
 * {@link ExcerptBuilder}).
 */
final class ExcerptSearch {

    /** Hits this many items apart still agree: a clip's frame grid is not the original's, and a run of equal terms keeps its first position only. */
    static final int WINDOW = 4;
    /** Fewer agreeing hits than this is chance. */
    static final int MIN_VOTES = 3;
    /** A clip begins inside a stored fingerprint: a hit that would start it earlier than this is chance. */
    static final int EARLIEST_OFFSET = -2;
    /** Clip terms that vote (about two minutes of audio): a longer clip is placed by its start, and scored whole. */
    static final int MAX_CLIP_TERMS = 1024;
    /**
     * A term with more hits than this in a chunk of {@link ExcerptPostings#CHUNK_DOCS} fingerprints is
     * too common there to place a clip (near silence, a tone many recordings share): it is skipped,
     * its postings never decoded.
     */
    static final int MAX_TERM_HITS = 1024;
    /** A search stops collecting hits past this many (8 MB), whatever the clip: a real one needs a few thousand. */
    static final int MAX_HITS = 1 << 20;
    private static final int KEPT_BUFFER = 1 << 16;
    private static final int OFFSET_BIAS = 1 << 23;

    private final int bucketBits;
    private final ExcerptTerms terms;
    private final FingerprintLog log;
    private final ThreadLocal<long[][]> hitsBuffer = ThreadLocal.withInitial(() -> new long[][] {new long[4096]});

    ExcerptSearch(int bucketBits, ExcerptTerms terms, FingerprintLog log) {
        this.bucketBits = bucketBits;
        this.terms = terms;
        this.log = log;
    }

    List<ExcerptMatch> search(int[] clip, ExcerptOptions options, List<PackedSegment> segments) {
        int[] buckets = new int[clip.length];
        int[] positions = new int[clip.length];
        int[] count = new int[1];
        terms.forEach(clip, (term, position) -> {
            if (count[0] < MAX_CLIP_TERMS) {
                buckets[count[0]] = BucketPostings.bucket(term, bucketBits);
                positions[count[0]++] = position;
            }
        });
        if (count[0] == 0) {
            return List.of();
        }
        long[][] holder = hitsBuffer.get();
        int hits = 0;
        for (int s = 0; s < segments.size() && s < 256; s++) {
            PackedSegment segment = segments.get(s);
            ExcerptPostings postings = segment.excerpt;
            if (postings == null) {
                continue;
            }
            long[] deleted = segment.deletedBits();
            long segmentBits = (long) s << 55;
            for (int q = 0; q < count[0] && hits < MAX_HITS; q++) {
                int clipPosition = positions[q];
                int[] added = {hits};
                postings.forEachHit(buckets[q], MAX_TERM_HITS, (doc, position) -> {
                    if (position - clipPosition >= EARLIEST_OFFSET && PackedSegment.isLive(deleted, doc)) {
                        long[] out = holder[0];
                        if (added[0] == out.length) {
                            out = Arrays.copyOf(out, out.length * 2);
                            holder[0] = out;
                        }
                        out[added[0]++] = segmentBits | (long) doc << 24 | (position - clipPosition + OFFSET_BIAS);
                    }
                });
                hits = added[0];
            }
        }
        List<long[]> candidates = candidates(holder[0], hits, options.candidates());
        if (holder[0].length > KEPT_BUFFER) {
            holder[0] = new long[4096]; // one long clip does not pin megabytes to a worker thread
        }
        return score(clip, options, segments, candidates);
    }

    /** The best {@code limit} documents by agreeing hits, as (votes, segment, doc, offset). */
    private static List<long[]> candidates(long[] hits, int count, int limit) {
        Arrays.sort(hits, 0, count);
        List<long[]> best = new ArrayList<>();
        int groupStart = 0;
        while (groupStart < count) {
            long document = hits[groupStart] >>> 24;
            int groupEnd = groupStart;
            while (groupEnd < count && hits[groupEnd] >>> 24 == document) {
                groupEnd++;
            }
            int votes = 0;
            int offset = 0;
            for (int from = groupStart, to = groupStart; to < groupEnd; to++) {
                while (offsetOf(hits[to]) - offsetOf(hits[from]) > WINDOW) {
                    from++;
                }
                if (to - from + 1 > votes) {
                    votes = to - from + 1;
                    offset = offsetOf(hits[(from + to) >>> 1]);
                }
            }
            if (votes >= MIN_VOTES) {
                best.add(new long[] {votes, document >>> 31, document & 0x7FFFFFFF, offset});
            }
            groupStart = groupEnd;
        }
        best.sort((a, b) -> Long.compare(b[0], a[0]));
        return best.size() > limit ? best.subList(0, limit) : best;
    }

    private static int offsetOf(long hit) {
        return (int) (hit & 0xFFFFFF) - OFFSET_BIAS;
    }

    private List<ExcerptMatch> score(int[] clip, ExcerptOptions options, List<PackedSegment> segments,
            List<long[]> candidates) {
        List<ExcerptMatch> matches = new ArrayList<>(candidates.size());
        for (long[] candidate : candidates) {
            PackedSegment segment = segments.get((int) candidate[1]);
            int doc = (int) candidate[2];
            ExcerptScorer.Alignment best = ExcerptScorer.best(clip, log.read(segment.offsets[doc]), segment.lengths[doc],
                    (int) candidate[3], WINDOW + 1);
            if (best.score() >= options.minScore()) {
                long id = segment.ids[doc];
                matches.removeIf(match -> match.fingerprintId() == id && match.score() < best.score());
                if (matches.stream().noneMatch(match -> match.fingerprintId() == id)) {
                    matches.add(new ExcerptMatch(id, best.score(), best.offset()));
                }
            }
        }
        return ExcerptMatch.best(matches, options.limit());
    }
}
