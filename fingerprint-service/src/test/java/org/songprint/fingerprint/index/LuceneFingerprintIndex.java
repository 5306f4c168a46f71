package org.songprint.fingerprint.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.bloom.BloomFilterFactory;
import org.apache.lucene.codecs.bloom.BloomFilteringPostingsFormat;
import org.apache.lucene.codecs.bloom.FuzzySet;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene912.Lucene912PostingsFormat;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.fingerprint.index.packed.BufferSnapshot;
import org.songprint.fingerprint.index.packed.CandidateHeap;
import org.songprint.fingerprint.index.packed.MatchScorer;
import org.songprint.fingerprint.index.packed.SearchScratch;

/**
 * The fingerprint index on Apache Lucene: one document per fingerprint with its extracted query
 * terms (4-byte terms, documents only, no frequencies or norms), its length and its compressed
 * items in doc values, so candidates are scored without a database round trip. Segments live on
 * disk (memory-mapped) and survive restarts; near-real-time readers make updates searchable within
 * the refresh interval.
 *
 * <p>Search reads the postings of each query term directly and counts hits per document, instead of
 * running a scored BooleanQuery: the hit count is the ranking AcoustID's index uses, and counting in
 * a reused array allocates nothing per posting.
 */
public final class LuceneFingerprintIndex implements ManagedFingerprintIndex {

    static final String ID = "id";
    static final String FP_ID = "fp_id";
    static final String LENGTH = "length";
    static final String ITEMS = "items";
    static final String TERMS = "q";
    static final String MAX_ID_KEY = "max_fingerprint_id";
    // upserts held in memory between reader refreshes; beyond it (a catch-up) refresh() opens a reader
    static final int RECENT_CAPACITY = 5_000;

    private static final FieldType TERM_TYPE = new FieldType();

    static {
        TERM_TYPE.setIndexOptions(IndexOptions.DOCS);
        TERM_TYPE.setTokenized(false);
        TERM_TYPE.setOmitNorms(true);
        TERM_TYPE.setStored(false);
        TERM_TYPE.freeze();
    }

    /**
     * The query-term field behind a Bloom filter: most of a query's 120 terms are absent from any
     * one segment, and a filter answers those seeks without walking the term dictionary (which took
     * three quarters of an import's CPU time). Other fields use the default formats.
     */
    // The codec keeps Lucene's default name, so any Lucene 9.12 reads the index; the per-field
    // format name ("BloomFilter", from lucene-codecs) is recorded in the segments.
    private static final Codec CODEC = new Lucene912Codec() {
        private final PostingsFormat bloomTerms = new BloomFilteringPostingsFormat(new Lucene912PostingsFormat(),
                new BloomFilterFactory() {
                    // Lucene's default sizes the filter by documents; this field has ~120 terms per
                    // document, so that filter saturates and is thrown away.
                    @Override
                    public FuzzySet getSetForField(SegmentWriteState state, FieldInfo info) {
                        long values = Math.max(1L, (long) state.segmentInfo.maxDoc() * FingerprintComparator.QUERY_LENGTH);
                        return FuzzySet.createOptimalSet((int) Math.min(values, Integer.MAX_VALUE / 8), 0.2f);
                    }

                    @Override
                    public boolean isSaturated(FuzzySet set, FieldInfo info) {
                        return set.getSaturation() > 0.9f;
                    }
                });

        @Override
        public PostingsFormat getPostingsFormatForField(String field) {
            return TERMS.equals(field) ? bloomTerms : super.getPostingsFormatForField(field);
        }
    };

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicLong maxId;
    private final double ramBufferMb;
    private final TieredMergePolicy mergePolicy;
    private final ThreadLocal<SearchScratch> scratch = ThreadLocal.withInitial(SearchScratch::new);
    // fingerprints upserted since the readers were last refreshed, searchable without a refresh
    private final RecentFingerprints recent;

    public LuceneFingerprintIndex(Path path, double ramBufferMb) {
        this(path, ramBufferMb, RECENT_CAPACITY);
    }

    LuceneFingerprintIndex(Path path, double ramBufferMb, int recentCapacity) {
        this.recent = new RecentFingerprints(recentCapacity);
        try {
            Files.createDirectories(path);
            this.path = path;
            this.directory = FSDirectory.open(path);
            // Plain (non-compound) segment files: memory-mapped directly, and their sizes show what
            // the inverted index and the doc values each cost.
            this.ramBufferMb = ramBufferMb;
            this.mergePolicy = new TieredMergePolicy();
            mergePolicy.setNoCFSRatio(0.0);
            IndexWriterConfig config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(ramBufferMb)
                    .setUseCompoundFile(false)
                    .setMergePolicy(mergePolicy)
                    .setCodec(CODEC)
                    .setCommitOnClose(true)
                    // a refresh (after every import batch) must not wait for merges of the segments
                    // it flushed: that wait was up to half a second of submit-to-findable latency
                    .setMaxFullFlushMergeWaitMillis(0);
            this.writer = new IndexWriter(directory, config);
            long committedMax = 0;
            for (Map.Entry<String, String> entry : writer.getLiveCommitData()) {
                if (entry.getKey().equals(MAX_ID_KEY)) {
                    committedMax = Long.parseLong(entry.getValue());
                }
            }
            this.maxId = new AtomicLong(committedMax);
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the fingerprint index at " + path, e);
        }
    }

    @Override
    public void upsert(IndexedFingerprint fingerprint) {
        int[] terms = FingerprintComparator.extractQuery(fingerprint.hashes());
        try {
            writer.updateDocument(new Term(ID, idTerm(fingerprint.id())), document(fingerprint, terms));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recent.upserted(fingerprint, terms);
        maxId.accumulateAndGet(fingerprint.id(), Math::max);
    }

    /**
     * Adds a fingerprint known to be absent, without the delete-by-id an upsert buffers: for building
     * an empty index, where those deletes are most of the cost. Not for the running importer: the
     * database poll can index the same new row between its commit and its own refresh, and only
     * upserts resolve that race to one document. A duplicate would be dropped by search, but it
     * would take a candidate slot.
     */
    @Override
    public void add(IndexedFingerprint fingerprint) {
        try {
            writer.addDocument(document(fingerprint, FingerprintComparator.extractQuery(fingerprint.hashes())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recent.bypassed();
        maxId.accumulateAndGet(fingerprint.id(), Math::max);
    }

    /**
     * Switches the writer to bulk loading (a full build): a larger indexing buffer and no merges while
     * loading, so every fingerprint is written once when a buffer is flushed and once more by the
     * final merge, instead of again by each round of background merges.
     */
    @Override
    public void beginBulkLoad(double ramBufferMb) {
        writer.getConfig().setRAMBufferSizeMB(ramBufferMb);
        writer.getConfig().setMergePolicy(NoMergePolicy.INSTANCE);
    }

    /** Back to incremental updates: the configured buffer and tiered merging. */
    @Override
    public void endBulkLoad() {
        writer.getConfig().setRAMBufferSizeMB(ramBufferMb);
        writer.getConfig().setMergePolicy(mergePolicy);
    }

    /** Merges the index down to at most {@code segments} segments: fewer term-dictionary seeks per query. */
    @Override
    public void forceMerge(int segments) {
        try {
            writer.forceMerge(segments);
            // committed whatever hasUncommittedChanges() says, which may be nothing after a merge:
            // until a commit no longer names them, the merged-away segments stay on disk beside the
            // merged one (the index took twice its size until the next real change)
            commitWithMaxId();
            refreshReaders();
            writer.deleteUnusedFiles();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Segments searched now. */
    @Override
    public int segmentCount() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().leaves().size();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document document(IndexedFingerprint fingerprint, int[] terms) {
        Document doc = new Document();
        doc.add(new StringField(ID, idTerm(fingerprint.id()), Field.Store.NO));
        doc.add(new NumericDocValuesField(FP_ID, fingerprint.id()));
        doc.add(new NumericDocValuesField(LENGTH, fingerprint.length()));
        doc.add(new BinaryDocValuesField(ITEMS, new BytesRef(ChromaprintCodec.compress(1, fingerprint.hashes()))));
        for (int term : terms) {
            doc.add(new Field(TERMS, termBytes(term), TERM_TYPE));
        }
        return doc;
    }

    @Override
    public void delete(long fingerprintId) {
        try {
            writer.deleteDocuments(new Term(ID, idTerm(fingerprintId)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recent.bypassed(fingerprintId);
    }

    @Override
    public long maxIndexedId() {
        return maxId.get();
    }

    @Override
    public boolean contains(long fingerprintId) {
        if (recent.snapshot().contains(fingerprintId)) {
            return true;
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return inReader(searcher, fingerprintId);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long size() {
        BufferSnapshot buffered = recent.snapshot();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                long size = searcher.getIndexReader().numDocs();
                for (int i = 0; i < buffered.size(); i++) {
                    if (!inReader(searcher, buffered.fingerprint(i).id())) {
                        size++;
                    }
                }
                return size;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every live document's id after a reader refresh (so the memory buffer adds nothing new). */
    @Override
    public long[] ids() {
        refreshReaders();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                long[] ids = new long[searcher.getIndexReader().numDocs()];
                int count = 0;
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    Bits live = leaf.reader().getLiveDocs();
                    NumericDocValues values = DocValues.getNumeric(leaf.reader(), FP_ID);
                    for (int doc = values.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = values.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            ids[count++] = values.longValue();
                        }
                    }
                }
                ids = Arrays.copyOf(ids, count);
                Arrays.sort(ids);
                return ids;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean inReader(IndexSearcher searcher, long fingerprintId) throws IOException {
        return searcher.count(new TermQuery(new Term(ID, idTerm(fingerprintId)))) > 0;
    }

    /**
     * Makes every update so far searchable: in microseconds from memory after upserts, by opening a
     * new reader (see {@link #refreshReaders()}) after writes the memory buffer cannot show.
     */
    @Override
    public void refresh() {
        if (!recent.publish()) {
            refreshReaders();
        }
    }

    /**
     * Opens readers on everything written so far (flushing a segment) and drops from the memory
     * buffer what they now show. For a timer, off the import path.
     */
    @Override
    public void refreshReaders() {
        long upTo = recent.mark();
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recent.readersRefreshed(upTo);
    }

    /** Upserts searchable from memory until the next reader refresh. */
    int bufferedCount() {
        return recent.snapshot().size();
    }

    /** Writes pending changes to disk with the highest indexed id, if anything changed. */
    @Override
    public void commit() {
        try {
            if (writer.hasUncommittedChanges()) {
                commitWithMaxId();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void commitWithMaxId() throws IOException {
        writer.setLiveCommitData(List.of(Map.entry(MAX_ID_KEY, Long.toString(maxId.get()))));
        writer.commit();
    }

    /** Drops every fingerprint (the index belonged to another database). */
    @Override
    public void clear() {
        try {
            writer.deleteAll();
            maxId.set(0);
            commitWithMaxId();
            recent.bypassed();
            refreshReaders();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes the index takes on disk. */
    @Override
    public long bytesOnDisk() {
        return ManagedFingerprintIndex.bytesOfFiles(path);
    }

    @Override
    public List<FingerprintMatch> search(int[] query, SearchOptions options) {
        int[] terms = FingerprintComparator.extractQuery(query);
        if (terms.length == 0) {
            return List.of();
        }
        BytesRef[] sorted = sortedTerms(terms);
        int minHits = SearchOptions.minHits(terms.length);
        SearchScratch s = scratch.get();
        BufferSnapshot buffered = recent.snapshot(); // before the reader: see snapshot()
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                CandidateHeap heap = s.heap(options);
                for (int leafOrd = 0; leafOrd < leaves.size(); leafOrd++) {
                    collectLeaf(leaves.get(leafOrd), leafOrd, sorted, minHits, options, s, heap);
                }
                // the buffer is searched as one more leaf, after the segments
                buffered.collect(terms, minHits, options, leaves.size(), heap);
                return score(query, leaves, buffered, heap, options);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectLeaf(LeafReaderContext context, int leafOrd, BytesRef[] terms, int minHits,
            SearchOptions options, SearchScratch s, CandidateHeap heap) throws IOException {
        LeafReader reader = context.reader();
        Terms indexed = reader.terms(TERMS);
        if (indexed == null) {
            return;
        }
        s.prepare(reader.maxDoc());
        Bits live = reader.getLiveDocs();
        TermsEnum termsEnum = indexed.iterator();
        PostingsEnum postings = null;
        for (BytesRef term : terms) {
            if (!termsEnum.seekExact(term)) {
                continue;
            }
            postings = termsEnum.postings(postings, PostingsEnum.NONE);
            for (int doc = postings.nextDoc(); doc != PostingsEnum.NO_MORE_DOCS; doc = postings.nextDoc()) {
                s.hit(doc);
            }
        }
        int touched = s.touchedCount();
        int[] docs = s.touched();
        byte[] counts = s.counts();
        Arrays.sort(docs, 0, touched);
        NumericDocValues lengths = DocValues.getNumeric(reader, LENGTH);
        boolean filter = options.filtersDuration();
        for (int i = 0; i < touched; i++) {
            int doc = docs[i];
            int hits = counts[doc];
            counts[doc] = 0;
            if (hits < minHits || (live != null && !live.get(doc))) {
                continue;
            }
            int closeness = 0;
            if (filter) {
                long length = lengths.advanceExact(doc) ? lengths.longValue() : 0;
                if (!options.admits(length)) {
                    continue;
                }
                closeness = options.closeness(length);
            }
            heap.offer(hits, closeness, leafOrd, doc);
        }
    }

    private List<FingerprintMatch> score(int[] query, List<LeafReaderContext> leaves, BufferSnapshot buffered,
            CandidateHeap heap, SearchOptions options) throws IOException {
        long[] candidates = heap.drainSortedByLocation();
        if (candidates.length == 0) {
            return List.of();
        }
        MatchScorer scorer = new MatchScorer(query, options, candidates.length);
        int currentLeaf = -1;
        NumericDocValues ids = null;
        NumericDocValues lengths = null;
        BinaryDocValues items = null;
        for (long candidate : candidates) {
            int leafOrd = CandidateHeap.leaf(candidate);
            int doc = CandidateHeap.doc(candidate);
            int hits = CandidateHeap.hits(candidate);
            if (leafOrd == leaves.size()) {
                IndexedFingerprint recentOne = buffered.fingerprint(doc);
                scorer.score(recentOne.id(), recentOne.length(), hits, recentOne.hashes());
                continue;
            }
            if (leafOrd != currentLeaf) {
                LeafReader reader = leaves.get(leafOrd).reader();
                ids = DocValues.getNumeric(reader, FP_ID);
                lengths = DocValues.getNumeric(reader, LENGTH);
                items = DocValues.getBinary(reader, ITEMS);
                currentLeaf = leafOrd;
            }
            if (!ids.advanceExact(doc) || !items.advanceExact(doc) || scorer.scored(ids.longValue())) {
                continue;
            }
            int length = lengths.advanceExact(doc) ? (int) lengths.longValue() : 0;
            BytesRef bytes = items.binaryValue();
            Fingerprint stored = ChromaprintCodec.decompress(
                    Arrays.copyOfRange(bytes.bytes, bytes.offset, bytes.offset + bytes.length));
            scorer.score(ids.longValue(), length, hits, stored.hashes());
        }
        return scorer.best();
    }

    private static BytesRef[] sortedTerms(int[] terms) {
        int[] copy = terms.clone();
        // Terms are compared as unsigned big-endian bytes; flipping the sign bit orders ints that way.
        for (int i = 0; i < copy.length; i++) {
            copy[i] ^= Integer.MIN_VALUE;
        }
        Arrays.sort(copy);
        BytesRef[] refs = new BytesRef[copy.length];
        for (int i = 0; i < copy.length; i++) {
            refs[i] = termBytes(copy[i] ^ Integer.MIN_VALUE);
        }
        return refs;
    }

    static BytesRef termBytes(int term) {
        return new BytesRef(new byte[] {(byte) (term >>> 24), (byte) (term >>> 16), (byte) (term >>> 8), (byte) term});
    }

    private static BytesRef idTerm(long id) {
        return new BytesRef(Long.toString(id));
    }

    @Override
    public void close() {
        // The writer must be closed whatever fails before it: it holds the directory's write lock,
        // and a lock left behind stops the next start in this JVM (tests restart the application).
        try {
            try {
                searchers.close();
                commit();
            } finally {
                IOUtils.close(writer, directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
