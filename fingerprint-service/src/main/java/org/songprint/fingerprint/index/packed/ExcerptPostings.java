package org.songprint.fingerprint.index.packed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A segment's excerpt postings: for every {@link ExcerptTerms} term of its fingerprints, the
 * documents holding it (as {@link BucketPostings}, by bucket) and, in a parallel array, the position
 * of the term in each. A clip's term then tells not only which fingerprints hold it but where, and a
 * clip's terms agreeing on one offset into one fingerprint are the evidence an excerpt search counts.
 *
 * <p>Built from the fingerprints' items (read back from the fingerprint log), never written to a
 * file: a segment gets its excerpt postings in the background after it is installed or read.
 */
final class ExcerptPostings {

    /**
     * log2 of the term buckets: excerpt terms have 24 bits, of which about 5.6 million values are
     * sampled; 4 million buckets keep a clip term's hits near the postings of its own value (a
     * million made a term hit four times as many documents), at two bits more per posting than a
     * million buckets cost.
     */
    static final int BUCKET_BITS = 22;
    /**
     * Documents per chunk: a segment's postings are built and held in chunks of this many, so a build
     * needs arrays for the chunks it builds at once (~250 MB each), not for a million fingerprints'
     * (~1.5 GB).
     */
    static final int CHUNK_DOCS = 1 << 17;

    /** The postings of documents {@code firstDoc} onwards. */
    private record Chunk(int firstDoc, BucketPostings docs, int[] blockRanks, PackedInts positions) {
    }

    private final Chunk[] chunks;

    private ExcerptPostings(Chunk[] chunks) {
        this.chunks = chunks;
    }

    /** The items of a segment's document by ordinal, or null for one that needs no postings. */
    interface DocItems {
        int[] items(int ordinal);
    }

    /** How many chunks the postings are held in: a search asks each for its hits. */
    int chunkCount() {
        return chunks.length;
    }

    /**
     * The hits of a term in {@code bucket} among the documents of {@code chunk}: their ordinals in the
     * segment into {@code docs}, the term's position in each into {@code positions} (both must hold
     * {@code maxHits}). Returns how many; none where the bucket holds more than {@code maxHits}
     * postings in the chunk (counted without decoding them): such a term is too common there to
     * place a clip.
     */
    int hits(int chunk, int bucket, int maxHits, int[] docs, int[] positions) {
        Chunk held = chunks[chunk];
        int count = held.docs().decode(bucket, held.blockRanks(), maxHits, docs, positions);
        PackedInts heldPositions = held.positions();
        for (int i = 0; i < count; i++) {
            docs[i] += held.firstDoc();
            positions[i] = heldPositions.get(positions[i]);
        }
        return Math.max(0, count);
    }

    long postings() {
        long postings = 0;
        for (Chunk chunk : chunks) {
            postings += chunk.positions().size();
        }
        return postings;
    }

    /** Heap bytes: the postings, their directories and the positions. */
    long bytes() {
        long bytes = 0;
        for (Chunk chunk : chunks) {
            bytes += chunk.docs().bytes() + chunk.blockRanks().length * 4L + chunk.positions().bytes();
        }
        return bytes;
    }

    /**
     * Builds the postings of {@code docCount} documents, a chunk of {@link #CHUNK_DOCS} at a time, as
     * many chunks at once as {@code chunkBuilders} has threads.
     */
    static ExcerptPostings build(int docCount, int bucketBits, ExcerptTerms terms, DocItems source,
            ExecutorService chunkBuilders) {
        List<Callable<Chunk>> tasks = new ArrayList<>();
        for (int firstDoc = 0; firstDoc < Math.max(1, docCount); firstDoc += CHUNK_DOCS) {
            int first = firstDoc;
            tasks.add(() -> buildChunk(first, Math.min(CHUNK_DOCS, docCount - first), bucketBits, terms,
                    ordinal -> source.items(first + ordinal)));
        }
        Chunk[] chunks = new Chunk[tasks.size()];
        try {
            List<Future<Chunk>> built = chunkBuilders.invokeAll(tasks);
            for (int c = 0; c < chunks.length; c++) {
                chunks[c] = built.get(c).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building excerpt postings", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("excerpt postings could not be built", e.getCause());
        }
        return new ExcerptPostings(chunks);
    }

    /**
     * Builds the postings of one chunk, reading its documents in ordinal order, so within a bucket
     * the postings come ordered by document, then position, as they are coded. Few postings (a flush)
     * are sorted as longs; many are placed by counting sort on the bucket, which reads the documents
     * again but needs no array of keys.
     */
    private static Chunk buildChunk(int firstDoc, int docCount, int bucketBits, ExcerptTerms terms, DocItems source) {
        long[] total = new long[1];
        forEachPosting(docCount, terms, source, (doc, term, position) -> total[0]++);
        int buckets = 1 << bucketBits;
        int n = (int) total[0];
        int[] docs = new int[n];
        char[] positions = new char[n];
        if (n < buckets / 8 && bucketBits <= 23) {
            long[] keys = new long[n];
            int[] at = new int[1];
            forEachPosting(docCount, terms, source, (doc, term, position) ->
                    keys[at[0]++] = (long) BucketPostings.bucket(term, bucketBits) << 40 | (long) doc << 16 | position);
            Arrays.sort(keys);
            int[] bucketOf = new int[n];
            for (int i = 0; i < n; i++) {
                bucketOf[i] = (int) (keys[i] >>> 40);
                docs[i] = (int) (keys[i] >>> 16) & 0xFFFFFF;
                positions[i] = (char) keys[i];
            }
            return chunk(firstDoc, BucketPostings.encode(docCount, bucketBits, n, sink -> {
                for (int i = 0; i < n; i++) {
                    sink.accept(bucketOf[i], docs[i]);
                }
            }), positions);
        }
        int[] offsets = new int[buckets + 1];
        forEachPosting(docCount, terms, source, (doc, term, position) ->
                offsets[BucketPostings.bucket(term, bucketBits) + 1]++);
        for (int b = 0; b < buckets; b++) {
            offsets[b + 1] += offsets[b];
        }
        int[] fill = Arrays.copyOf(offsets, buckets);
        forEachPosting(docCount, terms, source, (doc, term, position) -> {
            int at = fill[BucketPostings.bucket(term, bucketBits)]++;
            docs[at] = doc;
            positions[at] = (char) position;
        });
        return chunk(firstDoc, BucketPostings.encode(docCount, bucketBits, n, sink -> {
            for (int b = 0; b < buckets; b++) {
                for (int p = offsets[b]; p < offsets[b + 1]; p++) {
                    sink.accept(b, docs[p]);
                }
            }
        }), positions);
    }

    private static Chunk chunk(int firstDoc, BucketPostings docs, char[] positions) {
        return new Chunk(firstDoc, docs, docs.blockRanks(), PackedInts.of(positions));
    }

    private interface PostingSink {
        void accept(int doc, int term, int position);
    }

    private static void forEachPosting(int docCount, ExcerptTerms terms, DocItems source, PostingSink sink) {
        for (int doc = 0; doc < docCount; doc++) {
            int[] items = source.items(doc);
            if (items != null) {
                int ordinal = doc;
                terms.forEach(items, (term, position) -> sink.accept(ordinal, term, position));
            }
        }
    }
}
