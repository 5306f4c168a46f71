package org.songprint.fingerprint.index.packed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.songprint.fingerprint.index.ExcerptMatch;
import org.songprint.fingerprint.index.ExcerptOptions;
import org.songprint.fingerprint.index.FingerprintMatch;
import org.songprint.fingerprint.index.IndexedFingerprint;
import org.songprint.fingerprint.index.ManagedFingerprintIndex;
import org.songprint.fingerprint.index.SearchOptions;
import org.songprint.fingerprint.index.packed.storage.FingerprintLog;
import org.songprint.fingerprint.index.packed.storage.IndexDirectory;
import org.songprint.fingerprint.index.packed.storage.Manifest;

/**
 * The fingerprint index on primitive arrays (see {@code docs/fingerprint-index.md} for why it
 * replaced Lucene): immutable segments of {@link BucketPostings}, a memory buffer of recent upserts,
 * and a {@link FingerprintLog} that stores every fingerprint for scoring and is the write-ahead log.
 *
 * <ul>
 *   <li>An upsert is appended to the log and put in the buffer, searchable after {@link #refresh()};
 *       the buffer becomes an in-memory segment every {@link #refreshReaders()} or when full
 *       ({@link PackedWriter}).</li>
 *   <li>In-memory segments are merged in the background, four of a size into one, which is written
 *       to a file ({@link SegmentSet}); a commit writes the manifest (segment files, their deletes, and
 *       the log offset from which to replay what no file holds).</li>
 *   <li>At start the manifest's segments are read and the log after its offset is replayed (here).</li>
 *   <li>A search counts bucket hits and scores the best candidates ({@link PackedSearch}).</li>
 * </ul>
 */
public final class PackedFingerprintIndex implements ManagedFingerprintIndex {

    private static final Logger LOG = Logger.getLogger(PackedFingerprintIndex.class);
    public static final int DEFAULT_BUCKET_BITS = 22;
    public static final int DEFAULT_BUFFER_CAPACITY = 5_000;
    /**
     * Fingerprints a segment holds at most, built or merged, unless told otherwise: a segment's build
     * needs {@link #BUILD_BYTES_PER_FINGERPRINT} of heap per fingerprint for the seconds it takes, so
     * this bounds it (~2.7 GB), whatever the catalogue's size.
     */
    public static final int DEFAULT_MAX_SEGMENT_FINGERPRINTS = 1 << 21;
    /**
     * Heap a segment's build holds per fingerprint, about: its terms as added, then its postings
     * placed and coded (measured: a million of the benchmark corpora took ~1.3 GB more).
     */
    public static final int BUILD_BYTES_PER_FINGERPRINT = 1300;

    private final IndexDirectory directory;
    private final FingerprintLog log;
    private final Object writeLock = new Object();
    private final AtomicLong damagedLogRecords = new AtomicLong();
    private final SegmentSet segments;
    private final PackedWriter writer;
    private final PackedSearch search;
    // null when excerpts are off
    private final ExcerptSearch excerptSearch;

    public PackedFingerprintIndex(Path dir) {
        this(dir, DEFAULT_BUCKET_BITS, DEFAULT_BUFFER_CAPACITY);
    }

    /** An index without excerpt postings. */
    public PackedFingerprintIndex(Path dir, int bucketBits, int bufferCapacity) {
        this(dir, bucketBits, bufferCapacity, null);
    }

    /**
     * The most fingerprints a segment holds by default in a JVM with this much heap: its build in a
     * third of the heap (the rest for the segments built before it and the service), and at most
     * {@link #DEFAULT_MAX_SEGMENT_FINGERPRINTS}. 2 GB of heap: ~550,000.
     */
    public static int maxSegmentFingerprintsFor(long maxHeapBytes) {
        return (int) Math.max(10_000, Math.min(DEFAULT_MAX_SEGMENT_FINGERPRINTS, maxHeapBytes / 3 / BUILD_BYTES_PER_FINGERPRINT));
    }

    /** An index that also finds excerpts by {@code excerptTerms}, or not if that is null. */
    public PackedFingerprintIndex(Path dir, int bucketBits, int bufferCapacity, ExcerptTerms excerptTerms) {
        this(dir, bucketBits, bufferCapacity, excerptTerms, DEFAULT_MAX_SEGMENT_FINGERPRINTS);
    }

    /**
     * An index whose segments hold at most {@code maxSegmentFingerprints} each: a bulk load cuts a
     * segment every that many, and merges stop below it.
     */
    public PackedFingerprintIndex(Path dir, int bucketBits, int bufferCapacity, ExcerptTerms excerptTerms,
            int maxSegmentFingerprints) {
        this.directory = IndexDirectory.open(dir);
        this.log = new FingerprintLog(directory.logFile());
        Manifest manifest;
        try {
            manifest = directory.readManifest();
        } catch (IOException | RuntimeException e) {
            manifest = null;
            unreadable(e);
        }
        int bits = manifest == null ? bucketBits : manifest.bucketBits();
        ExcerptBuilder excerpts = excerptTerms == null ? null
                : new ExcerptBuilder(excerptTerms, ExcerptPostings.BUCKET_BITS, log);
        this.writer = new PackedWriter(writeLock, directory, log, bits, bufferCapacity, maxSegmentFingerprints, excerpts);
        this.segments = writer.segments();
        this.search = new PackedSearch(bits, log);
        this.excerptSearch = excerptTerms == null ? null
                : new ExcerptSearch(ExcerptPostings.BUCKET_BITS, excerptTerms, log);
        try {
            directory.removeStraySegments(manifest);
            long replayFrom = 0;
            if (manifest != null) {
                segments.load(manifest);
                writer.restoreMaxId(manifest.maxId());
                replayFrom = manifest.replayFrom();
            }
            FingerprintLog.Replay replay = replay(replayFrom, referencedEnd());
            if (replay.damaged()) {
                dropped(replay);
            }
        } catch (IOException | RuntimeException e) {
            unreadable(e);
        }
    }

    /**
     * Where the log must not be cut: just past the last record a committed segment reads by offset.
     * A log shorter than that lost records those segments need, and the index is unreadable.
     */
    private long referencedEnd() throws IOException {
        long last = segments.lastOffset();
        if (last < 0) {
            return 0;
        }
        long end = last + FingerprintLog.HEADER <= log.end() ? log.recordEnd(last) : Long.MAX_VALUE;
        if (end < last + FingerprintLog.HEADER || end > log.end()) {
            throw new IOException("the fingerprint log ends at " + log.end() + ", before the record at " + last
                    + " that a segment reads");
        }
        return end;
    }

    /**
     * A torn or corrupt record was found: it and the log after it are not indexed. The fingerprints
     * they held are in the database, and the start-up catch-up, which compares the ids the index holds
     * with the database's, indexes them again. Damage below what committed segments read could not be
     * cut off: what was replayed is written to a segment file and committed, so later replays start
     * past it instead of stopping at it again and missing what is appended from now on.
     */
    private void dropped(FingerprintLog.Replay replay) {
        damagedLogRecords.incrementAndGet();
        LOG.warnf("fingerprint index: a torn or corrupt record at offset %d of the fingerprint log; it and the %d bytes "
                + "after it are dropped (%d records replayed before it); the catch-up indexes what they held again "
                + "from the database", replay.stoppedAt(), replay.droppedBytes(), replay.records());
        if (replay.damagedBeforeCut()) {
            writer.persistReplayed();
        }
    }

    /** Log records found torn or corrupt when this index was opened (0 or 1: a replay stops at the first). */
    @Override
    public long damagedLogRecords() {
        return damagedLogRecords.get();
    }

    // An index this version cannot read (another format, a damaged file) starts empty: the start-up
    // catch-up rebuilds it from the database, which holds every fingerprint.
    private void unreadable(Exception e) {
        LOG.warnf("fingerprint index at %s is unreadable (%s); starting empty, to be rebuilt from the database",
                directory.path(), e);
        synchronized (writeLock) {
            if (writer != null) {
                writer.discard();
            }
            try {
                directory.deleteManifest();
                directory.removeStraySegments(null);
            } catch (IOException deleteFailed) {
                throw new UncheckedIOException("cannot clear the unreadable fingerprint index at " + directory.path(),
                        deleteFailed);
            }
            log.clear();
        }
    }

    private FingerprintLog.Replay replay(long from, long keep) {
        long started = System.nanoTime();
        long[] replayed = new long[1];
        FingerprintLog.Replay replay;
        synchronized (writeLock) {
            replay = log.replay(from, keep, entry -> {
                writer.replayed(entry);
                replayed[0]++;
            });
            writer.publish();
        }
        if (replayed[0] > 0) {
            LOG.infof("fingerprint index: %d log records replayed in %.1f s", replayed[0], (System.nanoTime() - started) / 1e9);
        }
        return replay;
    }

    @Override
    public void upsert(IndexedFingerprint fingerprint) {
        writer.upsert(fingerprint);
    }

    @Override
    public void add(IndexedFingerprint fingerprint) {
        writer.add(fingerprint);
    }

    @Override
    public void delete(long fingerprintId) {
        writer.delete(fingerprintId);
    }

    @Override
    public void beginBulkLoad(double ramBufferMb) {
        writer.beginBulkLoad();
    }

    @Override
    public void endBulkLoad() {
        writer.endBulkLoad();
    }

    @Override
    public void refresh() {
        writer.refresh();
    }

    /** Turns the memory buffer into an in-memory segment and starts any merge that is due. */
    @Override
    public void refreshReaders() {
        writer.refreshReaders();
    }

    /** Merges everything into at most {@code count} segments (one, in practice) and commits. */
    @Override
    public void forceMerge(int count) {
        writer.forceMerge(count);
    }

    @Override
    public void commit() {
        writer.commit();
    }

    @Override
    public void clear() {
        writer.clear();
    }

    @Override
    public List<FingerprintMatch> search(int[] query, SearchOptions options) {
        BufferSnapshot buffered = writer.buffer().published(); // before the segments: see PackedSearch
        return search.search(query, options, buffered, segments.list());
    }

    @Override
    public List<ExcerptMatch> searchExcerpt(int[] clip, ExcerptOptions options) {
        return excerptSearch == null ? List.of() : excerptSearch.search(clip, options, segments.list());
    }

    @Override
    public boolean searchesExcerpts() {
        return excerptSearch != null;
    }

    /**
     * Whether every fingerprint added before the last {@link #refreshReaders()} can be found as an
     * excerpt: each segment has its excerpt postings (with excerpts on).
     */
    @Override
    public boolean excerptsReady() {
        return excerptSearch != null && segments.excerptsReady();
    }

    /** Heap bytes of the excerpt postings. */
    @Override
    public long excerptBytes() {
        return segments.excerptBytes();
    }

    @Override
    public boolean contains(long fingerprintId) {
        return writer.buffer().published().contains(fingerprintId) || segments.contains(fingerprintId);
    }

    @Override
    public long maxIndexedId() {
        return writer.maxId();
    }

    @Override
    public long[] ids() {
        long[] ids;
        synchronized (writeLock) { // the buffer and the segments' live ids are disjoint under the lock
            MemoryBuffer buffer = writer.buffer();
            ids = new long[Math.toIntExact(buffer.size() + segments.liveCount())];
            int count = segments.copyLiveIds(ids, 0);
            for (long id : buffer.ids()) {
                ids[count++] = id;
            }
        }
        Arrays.sort(ids);
        return ids;
    }

    @Override
    public long size() {
        synchronized (writeLock) {
            return writer.buffer().size() + segments.liveCount();
        }
    }

    /** Upserts searchable from the memory buffer. */
    int bufferedCount() {
        return writer.buffer().published().size();
    }

    @Override
    public int segmentCount() {
        return segments.count();
    }

    /** Fingerprints the segments hold, deleted ones included (until a merge drops them). */
    long segmentDocuments() {
        return segments.documentCount();
    }

    /** Heap bytes of the segments: postings, ids, lengths, log offsets and delete bits. */
    public long segmentBytes() {
        return segments.bytes();
    }

    /** Bytes of the fingerprint log, which holds every stored fingerprint for scoring. */
    public long logBytes() {
        return log.bytes();
    }

    @Override
    public long bytesOnDisk() {
        return ManagedFingerprintIndex.bytesOfFiles(directory.path());
    }

    @Override
    public void close() {
        segments.close();
        try {
            commit();
        } finally {
            log.close();
        }
    }
}
