package org.songprint.fingerprint.index.packed;

import java.util.ArrayList;
import java.util.List;
import org.songprint.fingerprint.index.ExcerptMatch;
import org.songprint.fingerprint.index.ExcerptOptions;
import org.songprint.fingerprint.index.RankedMatch;
import org.songprint.fingerprint.index.packed.storage.FingerprintLog;

/**
 * The packed index's excerpt search. Each clip term's hits (a document and the term's position in
 * it) say where the clip would begin in that document; hits of one document agreeing on that offset
 * to within a few items are votes, counted by {@link ExcerptVotes}. The documents with the most votes
 * are candidates; each is read from the fingerprint log and scored by {@link ExcerptScorer} around
 * its voted offset.
 *
 * <p>Segments whose excerpt postings are not built yet, and the memory buffer, are not searched: a
 * fingerprint can be found as an excerpt once its segment's postings are built (see
 * {@link ExcerptBuilder}).
 */
final class ExcerptSearch {

    /**
     * Fewer agreeing hits than this is chance. Two suffice: a 24-bit term hits few documents, so
     * two chance hits agreeing on an offset in one of a million fingerprints are rare, and the
     * candidates they make are scored, never answered on their votes.
     */
    static final int MIN_VOTES = 2;
    /** A clip begins inside a stored fingerprint: a hit that would start it earlier than this is chance. */
    static final int EARLIEST_OFFSET = -2;
    /** Items either side of a candidate's voted offset where it is scored: its votes may spread over two vote cells. */
    static final int SCORE_RADIUS = 6;
    /** Clip terms that vote (about two minutes of audio): a longer clip is placed by its start, and scored whole. */
    static final int MAX_CLIP_TERMS = 1024;
    /**
     * A term with more hits than this in a chunk of {@link ExcerptPostings#CHUNK_DOCS} fingerprints is
     * too common there to place a clip (near silence, a tone many recordings share): it is skipped,
     * its postings never decoded.
     */
    static final int MAX_TERM_HITS = 1024;
    /** A search stops counting hits past this many, whatever the clip: a real one needs a few thousand. */
    static final int MAX_HITS = 1 << 20;

    private final int bucketBits;
    private final ExcerptTerms terms;
    private final FingerprintLog log;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** What a thread reuses from one search to the next. */
    private static final class Scratch {
        final int[] docs = new int[MAX_TERM_HITS];
        final int[] positions = new int[MAX_TERM_HITS];
        final ExcerptVotes votes = new ExcerptVotes();
    }

    /** The terms of a clip that vote: their buckets, and their positions in the clip. */
    private record ClipTerms(int[] buckets, int[] positions, int count) {
    }

    ExcerptSearch(int bucketBits, ExcerptTerms terms, FingerprintLog log) {
        this.bucketBits = bucketBits;
        this.terms = terms;
        this.log = log;
    }

    List<ExcerptMatch> search(int[] clip, ExcerptOptions options, List<PackedSegment> segments) {
        if (segments.size() > ExcerptVotes.MAX_SEGMENTS) {
            throw new IllegalStateException("an excerpt search covers at most " + ExcerptVotes.MAX_SEGMENTS
                    + " segments, not " + segments.size());
        }
        ClipTerms clipTerms = clipTerms(clip);
        if (clipTerms.count() == 0) {
            return List.of();
        }
        Scratch s = scratch.get();
        ExcerptVotes votes = s.votes;
        votes.clear();
        int hits = 0;
        for (int q = 0; q < clipTerms.count() && hits < MAX_HITS; q++) {
            int bucket = clipTerms.buckets()[q];
            int clipPosition = clipTerms.positions()[q];
            for (int segmentIndex = 0; segmentIndex < segments.size(); segmentIndex++) {
                PackedSegment segment = segments.get(segmentIndex);
                ExcerptPostings postings = segment.excerpt;
                if (postings == null) {
                    continue;
                }
                long[] deleted = segment.deletedBits();
                for (int chunk = 0; chunk < postings.chunkCount(); chunk++) {
                    int found = postings.hits(chunk, bucket, MAX_TERM_HITS, s.docs, s.positions);
                    for (int i = 0; i < found; i++) {
                        int offset = s.positions[i] - clipPosition;
                        if (offset >= EARLIEST_OFFSET && PackedSegment.isLive(deleted, s.docs[i])) {
                            votes.add(ExcerptVotes.document(segmentIndex, s.docs[i]), offset);
                            hits++;
                        }
                    }
                }
            }
        }
        return score(clip, options, segments, votes.candidates(MIN_VOTES, options.candidates()));
    }

    private ClipTerms clipTerms(int[] clip) {
        int[] buckets = new int[Math.min(clip.length, MAX_CLIP_TERMS)];
        int[] positions = new int[buckets.length];
        int[] count = new int[1];
        terms.forEach(clip, (term, position) -> {
            if (count[0] < buckets.length) {
                buckets[count[0]] = BucketPostings.bucket(term, bucketBits);
                positions[count[0]++] = position;
            }
        });
        return new ClipTerms(buckets, positions, count[0]);
    }

    private List<ExcerptMatch> score(int[] clip, ExcerptOptions options, List<PackedSegment> segments,
            List<ExcerptVotes.Candidate> candidates) {
        ExcerptScorer scorer = new ExcerptScorer(clip);
        List<ExcerptMatch> matches = new ArrayList<>(candidates.size());
        for (ExcerptVotes.Candidate candidate : candidates) {
            PackedSegment segment = segments.get(candidate.segment());
            int doc = candidate.doc();
            ExcerptScorer.Alignment best = scorer.best(log.read(segment.offsets[doc]), segment.lengths[doc],
                    candidate.offset(), SCORE_RADIUS);
            if (best.score() >= options.minScore()) {
                matches.add(new ExcerptMatch(segment.ids[doc], best.score(), best.offset()));
            }
        }
        return RankedMatch.best(matches, options.limit());
    }
}
