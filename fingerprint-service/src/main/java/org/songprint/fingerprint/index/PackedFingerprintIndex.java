package org.songprint.fingerprint.index;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.songprint.common.chromaprint.FingerprintComparator;

/**
 * The fingerprint index on primitive arrays (see {@code docs/fingerprint-index.md} for why it
 * replaced Lucene): immutable segments of {@link BucketPostings}, a memory buffer of recent upserts,
 * and a {@link FingerprintLog} that stores every fingerprint for scoring and is the write-ahead log.
 *
 * <ul>
 *   <li>An upsert is appended to the log and put in the buffer, searchable after {@link #refresh()};
 *       the buffer becomes an in-memory segment every {@link #refreshReaders()} or when full.</li>
 *   <li>In-memory segments are merged in the background, four of a size into one, which is written
 *       to a file; a commit writes the manifest (segment files, their deletes, and the log offset
 *       from which to replay what no file holds).</li>
 *   <li>At start the manifest's segments are read and the log after its offset is replayed.</li>
 * </ul>
 */
public final class PackedFingerprintIndex implements ManagedFingerprintIndex {

    private static final Logger LOG = Logger.getLogger(PackedFingerprintIndex.class);
    static final int DEFAULT_BUCKET_BITS = 22;
    static final int DEFAULT_BUFFER_CAPACITY = 5_000;
    private static final int MERGE_FACTOR = 4;
    // "SPM2": the log holds raw items. A manifest of the compressed log ("SPMF") is unreadable, so
    // an index of that version starts empty and is rebuilt
    private static final int MANIFEST_MAGIC = 0x53504d32;
    private static final String LOG_FILE = "fingerprints.items";
    /** The compressed log of earlier versions, deleted when found. */
    private static final String LEGACY_LOG_FILE = "fingerprints.log";
    private static final String MANIFEST = "manifest";
    private static final String SEGMENT_SUFFIX = ".seg";

    private record Buffered(IndexedFingerprint fingerprint, int[] buckets, long offset) {
    }

    private final Path dir;
    private final int bucketBits;
    private final int bufferCapacity;
    private final FingerprintLog log;
    private final Object writeLock = new Object();
    // one commit at a time (the timer, a bulk load's end, close); taken before writeLock, never inside it
    private final Object commitLock = new Object();
    private final AtomicLong maxId = new AtomicLong();
    private final AtomicLong damagedLogRecords = new AtomicLong();
    private final ThreadLocal<SearchScratch> scratch = ThreadLocal.withInitial(SearchScratch::new);
    private final ExecutorService merger = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fingerprint-index-merge");
        thread.setDaemon(true);
        return thread;
    });

    // oldest first; replaced whole on every change, so a search reads one consistent list
    private volatile List<PackedSegment> segments = List.of();
    private volatile RecentFingerprints.Snapshot published = RecentFingerprints.Snapshot.EMPTY;
    // guarded by writeLock
    private final LinkedHashMap<Long, Buffered> buffer = new LinkedHashMap<>();
    private final Set<PackedSegment> merging = new HashSet<>();
    private final List<Path> obsoleteFiles = new ArrayList<>();
    private SegmentBuilder bulk;
    private long nextSegment;
    private boolean changed;

    public PackedFingerprintIndex(Path dir) {
        this(dir, DEFAULT_BUCKET_BITS, DEFAULT_BUFFER_CAPACITY);
    }

    PackedFingerprintIndex(Path dir, int bucketBits, int bufferCapacity) {
        this.dir = dir;
        this.bufferCapacity = bufferCapacity;
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(LEGACY_LOG_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fingerprint index directory " + dir, e);
        }
        this.log = new FingerprintLog(dir.resolve(LOG_FILE));
        Manifest manifest;
        try {
            manifest = readManifest();
        } catch (IOException | RuntimeException e) {
            manifest = unreadable(e);
        }
        this.bucketBits = manifest == null ? bucketBits : manifest.bucketBits();
        try {
            removeStraySegments(manifest);
            long replayFrom = 0;
            if (manifest != null) {
                List<PackedSegment> loaded = new ArrayList<>();
                for (int i = 0; i < manifest.files().size(); i++) {
                    PackedSegment segment = PackedSegment.readFrom(dir.resolve(manifest.files().get(i)));
                    for (int ordinal : manifest.deleted().get(i)) {
                        segment.delete(ordinal);
                    }
                    loaded.add(segment);
                }
                segments = List.copyOf(loaded);
                maxId.set(manifest.maxId());
                replayFrom = manifest.replayFrom();
            }
            FingerprintLog.Replay replay = replay(replayFrom, referencedEnd(segments));
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
    private long referencedEnd(List<PackedSegment> committed) throws IOException {
        long last = -1;
        for (PackedSegment segment : committed) {
            for (long offset : segment.offsets) {
                last = Math.max(last, offset);
            }
        }
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
            synchronized (writeLock) {
                flushBuffer();
                for (PackedSegment segment : segments) {
                    if (segment.file == null) {
                        writeSegment(segment);
                    }
                }
                changed = true;
            }
            commit();
        }
    }

    /** Log records found torn or corrupt when this index was opened (0 or 1: a replay stops at the first). */
    @Override
    public long damagedLogRecords() {
        return damagedLogRecords.get();
    }

    // An index this version cannot read (another format, a damaged file) starts empty: the start-up
    // catch-up rebuilds it from the database, which holds every fingerprint.
    private Manifest unreadable(Exception e) {
        LOG.warnf("fingerprint index at %s is unreadable (%s); starting empty, to be rebuilt from the database", dir, e);
        synchronized (writeLock) {
            segments = List.of();
            buffer.clear();
            maxId.set(0);
            publish();
            try {
                Files.deleteIfExists(dir.resolve(MANIFEST));
                removeStraySegments(null);
            } catch (IOException deleteFailed) {
                throw new UncheckedIOException("cannot clear the unreadable fingerprint index at " + dir, deleteFailed);
            }
            log.clear();
        }
        return null;
    }

    private FingerprintLog.Replay replay(long from, long keep) {
        long started = System.nanoTime();
        long[] replayed = new long[1];
        FingerprintLog.Replay replay;
        synchronized (writeLock) {
            replay = log.replay(from, keep, entry -> {
                if (entry.isDelete()) {
                    removeLive(entry.id());
                } else {
                    int[] hashes = entry.items();
                    IndexedFingerprint fingerprint = new IndexedFingerprint(entry.id(), entry.length(), hashes);
                    removeLive(entry.id());
                    buffer(fingerprint, bucketsOf(hashes), entry.offset());
                    maxId.accumulateAndGet(entry.id(), Math::max);
                }
                replayed[0]++;
            });
            publish();
        }
        if (replayed[0] > 0) {
            LOG.infof("fingerprint index: %d log records replayed in %.1f s", replayed[0], (System.nanoTime() - started) / 1e9);
        }
        return replay;
    }

    private int[] bucketsOf(int[] hashes) {
        return BucketPostings.buckets(FingerprintComparator.extractQuery(hashes), bucketBits);
    }

    @Override
    public void upsert(IndexedFingerprint fingerprint) {
        int[] buckets = bucketsOf(fingerprint.hashes());
        synchronized (writeLock) {
            removeLive(fingerprint.id());
            long offset = log.append(fingerprint.id(), fingerprint.length(), fingerprint.hashes());
            buffer(fingerprint, buckets, offset);
            maxId.accumulateAndGet(fingerprint.id(), Math::max);
        }
    }

    @Override
    public void add(IndexedFingerprint fingerprint) {
        int[] buckets = bucketsOf(fingerprint.hashes());
        synchronized (writeLock) {
            long offset = log.append(fingerprint.id(), fingerprint.length(), fingerprint.hashes());
            if (bulk != null) {
                bulk.add(fingerprint.id(), fingerprint.length(), offset, buckets);
                changed = true;
            } else {
                buffer(fingerprint, buckets, offset);
            }
            maxId.accumulateAndGet(fingerprint.id(), Math::max);
        }
    }

    // under writeLock
    private void buffer(IndexedFingerprint fingerprint, int[] buckets, long offset) {
        buffer.put(fingerprint.id(), new Buffered(fingerprint, buckets, offset));
        changed = true;
        if (buffer.size() >= bufferCapacity) {
            flushBuffer();
        }
    }

    // under writeLock: drops the live copy of a fingerprint from the buffer and every segment
    private boolean removeLive(long id) {
        boolean removed = buffer.remove(id) != null;
        for (PackedSegment segment : segments) {
            int ordinal = segment.liveOrdinal(id);
            if (ordinal >= 0) {
                segment.delete(ordinal);
                removed = true;
            }
        }
        changed |= removed;
        return removed;
    }

    @Override
    public void delete(long fingerprintId) {
        synchronized (writeLock) {
            if (removeLive(fingerprintId)) {
                log.appendDelete(fingerprintId);
            }
            publish();
        }
    }

    @Override
    public void beginBulkLoad(double ramBufferMb) {
        synchronized (writeLock) {
            if (bulk == null) {
                bulk = new SegmentBuilder();
            }
        }
    }

    @Override
    public void endBulkLoad() {
        synchronized (writeLock) {
            SegmentBuilder built = bulk;
            bulk = null;
            if (built == null || built.size() == 0) {
                return;
            }
            log.flush();
            PackedSegment segment = built.build(bucketBits);
            dropCopiesLiveElsewhere(segment);
            writeSegment(segment);
            segments = appended(segments, segment);
            changed = true;
        }
        commit(); // else a crash before the next commit replays the whole build from the log
    }

    /**
     * A bulk build starts from an empty index, but the topic and the importer may upsert while it runs,
     * some of them ids the build reads too. Those are live in the buffer or an earlier segment already:
     * the build's copy of each is dropped (the items are the same), so no id is live twice.
     */
    // under writeLock
    private void dropCopiesLiveElsewhere(PackedSegment built) {
        for (long id : buffer.keySet()) {
            dropFrom(built, id);
        }
        for (PackedSegment segment : segments) {
            long[] deleted = segment.deletedBits();
            for (int ordinal = 0; ordinal < segment.docCount(); ordinal++) {
                if (PackedSegment.isLive(deleted, ordinal)) {
                    dropFrom(built, segment.ids[ordinal]);
                }
            }
        }
    }

    private static void dropFrom(PackedSegment segment, long id) {
        int ordinal = segment.liveOrdinal(id);
        if (ordinal >= 0) {
            segment.delete(ordinal);
        }
    }

    @Override
    public void refresh() {
        synchronized (writeLock) {
            // handed to the OS too, so a killed process (not a crashed machine) loses no published upsert
            log.flush();
            publish();
        }
    }

    // under writeLock
    private void publish() {
        IndexedFingerprint[] fingerprints = new IndexedFingerprint[buffer.size()];
        int[][] buckets = new int[buffer.size()][];
        int i = 0;
        for (Buffered entry : buffer.values()) {
            fingerprints[i] = entry.fingerprint();
            buckets[i++] = entry.buckets();
        }
        published = RecentFingerprints.Snapshot.of(fingerprints, buckets);
    }

    /** Turns the memory buffer into an in-memory segment and starts any merge that is due. */
    @Override
    public void refreshReaders() {
        synchronized (writeLock) {
            flushBuffer();
        }
    }

    // under writeLock
    private void flushBuffer() {
        if (buffer.isEmpty()) {
            return;
        }
        log.flush();
        SegmentBuilder builder = new SegmentBuilder();
        for (Buffered entry : buffer.values()) {
            builder.add(entry.fingerprint().id(), entry.fingerprint().length(), entry.offset(), entry.buckets());
        }
        // installed before the buffer empties: a search reads the buffer first, so it sees one or both
        segments = appended(segments, builder.build(bucketBits));
        buffer.clear();
        publish();
        scheduleMerges();
    }

    // under writeLock: four segments of a size (by powers of four) are merged into one
    private void scheduleMerges() {
        Map<Integer, List<PackedSegment>> byLevel = new LinkedHashMap<>();
        for (PackedSegment segment : segments) {
            if (!merging.contains(segment)) {
                int level = (63 - Long.numberOfLeadingZeros(Math.max(1, segment.docCount()))) / 2;
                byLevel.computeIfAbsent(level, k -> new ArrayList<>()).add(segment);
            }
        }
        for (List<PackedSegment> level : byLevel.values()) {
            if (level.size() >= MERGE_FACTOR) {
                List<PackedSegment> inputs = List.copyOf(level.subList(0, MERGE_FACTOR));
                merging.addAll(inputs);
                List<long[]> deleted = inputs.stream().map(PackedSegment::deletedBits).toList();
                merger.execute(() -> merge(inputs, deleted));
            }
        }
    }

    private void merge(List<PackedSegment> inputs, List<long[]> deleted) {
        try {
            PackedSegment merged = SegmentBuilder.merge(inputs, deleted, bucketBits);
            writeSegment(merged);
            synchronized (writeLock) {
                install(inputs, deleted, merged);
                merging.removeAll(inputs);
                scheduleMerges();
            }
        } catch (RuntimeException e) {
            synchronized (writeLock) {
                merging.removeAll(inputs);
            }
            LOG.warn("fingerprint index: a segment merge failed; the segments stay as they are", e);
        }
    }

    // under writeLock: swaps the merged segment in and carries over deletes made while it was merged
    private void install(List<PackedSegment> inputs, List<long[]> deletedAtStart, PackedSegment merged) {
        for (int s = 0; s < inputs.size(); s++) {
            PackedSegment input = inputs.get(s);
            long[] before = deletedAtStart.get(s);
            long[] now = input.deletedBits();
            for (int ordinal = 0; ordinal < input.docCount(); ordinal++) {
                if (PackedSegment.isLive(before, ordinal) && !PackedSegment.isLive(now, ordinal)) {
                    int target = Arrays.binarySearch(merged.ids, input.ids[ordinal]);
                    if (target >= 0 && merged.offsets[target] == input.offsets[ordinal]) {
                        merged.delete(target);
                    }
                }
            }
        }
        List<PackedSegment> next = new ArrayList<>();
        boolean placed = false;
        for (PackedSegment segment : segments) {
            if (inputs.contains(segment)) {
                if (!placed) {
                    next.add(merged);
                    placed = true;
                }
                if (segment.file != null) {
                    obsoleteFiles.add(segment.file);
                }
            } else {
                next.add(segment);
            }
        }
        segments = List.copyOf(next);
        changed = true;
    }

    /** Merges everything into at most {@code count} segments (one, in practice) and commits. */
    @Override
    public void forceMerge(int count) {
        List<PackedSegment> inputs;
        List<long[]> deleted;
        synchronized (writeLock) {
            flushBuffer();
            inputs = segments.stream().filter(segment -> !merging.contains(segment)).toList();
            if (inputs.size() > Math.max(1, count)) {
                merging.addAll(inputs);
                deleted = inputs.stream().map(PackedSegment::deletedBits).toList();
            } else {
                deleted = null;
            }
        }
        if (deleted != null) {
            merge(inputs, deleted);
        }
        commit();
    }

    private void writeSegment(PackedSegment segment) {
        long number;
        synchronized (writeLock) {
            number = nextSegment++;
        }
        try {
            segment.writeTo(dir.resolve(String.format("segment-%08d%s", number, SEGMENT_SUFFIX)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a fingerprint index segment", e);
        }
    }

    private static List<PackedSegment> appended(List<PackedSegment> segments, PackedSegment segment) {
        List<PackedSegment> next = new ArrayList<>(segments);
        next.add(segment);
        return List.copyOf(next);
    }

    @Override
    public boolean contains(long fingerprintId) {
        if (published.contains(fingerprintId)) {
            return true;
        }
        for (PackedSegment segment : segments) {
            if (segment.liveOrdinal(fingerprintId) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long maxIndexedId() {
        return maxId.get();
    }

    @Override
    public long[] ids() {
        long[] ids;
        synchronized (writeLock) { // the buffer and the segments' live ids are disjoint under the lock
            int count = 0;
            long size = buffer.size();
            for (PackedSegment segment : segments) {
                size += segment.liveCount();
            }
            ids = new long[Math.toIntExact(size)];
            for (PackedSegment segment : segments) {
                long[] deleted = segment.deletedBits();
                for (int ordinal = 0; ordinal < segment.docCount(); ordinal++) {
                    if (PackedSegment.isLive(deleted, ordinal)) {
                        ids[count++] = segment.ids[ordinal];
                    }
                }
            }
            for (long id : buffer.keySet()) {
                ids[count++] = id;
            }
        }
        Arrays.sort(ids);
        return ids;
    }

    @Override
    public long size() {
        synchronized (writeLock) {
            long size = buffer.size();
            for (PackedSegment segment : segments) {
                size += segment.liveCount();
            }
            return size;
        }
    }

    /** Upserts searchable from the memory buffer. */
    int bufferedCount() {
        return published.size();
    }

    @Override
    public int segmentCount() {
        return segments.size();
    }

    /** Heap bytes of the segments: postings, ids, lengths, log offsets and delete bits. */
    public long segmentBytes() {
        return segments.stream().mapToLong(PackedSegment::bytes).sum();
    }

    /** Bytes of the fingerprint log, which holds every stored fingerprint for scoring. */
    public long logBytes() {
        return log.bytes();
    }

    @Override
    public long bytesOnDisk() {
        return ManagedFingerprintIndex.bytesOfFiles(dir);
    }

    @Override
    public List<FingerprintMatch> search(int[] query, SearchOptions options) {
        int[] terms = FingerprintComparator.extractQuery(query);
        if (terms.length == 0) {
            return List.of();
        }
        int[] buckets = BucketPostings.buckets(terms, bucketBits);
        int minHits = SearchOptions.minHits(terms.length);
        RecentFingerprints.Snapshot buffered = published; // before the segments: see flushBuffer()
        List<PackedSegment> searched = segments;
        SearchScratch s = scratch.get();
        CandidateHeap heap = s.heap(options.candidates());
        for (int ordinal = 0; ordinal < searched.size(); ordinal++) {
            collect(searched.get(ordinal), ordinal, buckets, minHits, options, s, heap);
        }
        buffered.collect(buckets, minHits, options, searched.size(), heap);
        return score(query, searched, buffered, heap, options);
    }

    private static void collect(PackedSegment segment, int segmentOrdinal, int[] buckets, int minHits,
            SearchOptions options, SearchScratch s, CandidateHeap heap) {
        s.prepare(segment.docCount());
        for (int bucket : buckets) {
            segment.postings.forEachDoc(bucket, s);
        }
        long[] deleted = segment.deletedBits();
        byte[] counts = s.counts;
        int[] touched = s.touched;
        for (int i = 0; i < s.touchedCount; i++) {
            int doc = touched[i];
            int hits = counts[doc];
            counts[doc] = 0;
            if (hits < minHits || !PackedSegment.isLive(deleted, doc)) {
                continue;
            }
            if (!options.admits(segment.lengths[doc])) {
                continue;
            }
            heap.offer(hits, options.closeness(segment.lengths[doc]), segmentOrdinal, doc);
        }
    }

    private List<FingerprintMatch> score(int[] query, List<PackedSegment> searched, RecentFingerprints.Snapshot buffered,
            CandidateHeap heap, SearchOptions options) {
        long[] candidates = heap.drainSortedByLocation();
        if (candidates.length == 0) {
            return List.of();
        }
        int topHits = heap.topHits;
        FingerprintComparator comparator = FingerprintComparator.forCurrentThread();
        List<FingerprintMatch> matches = new ArrayList<>(candidates.length);
        Set<Long> scored = new HashSet<>();
        for (long candidate : candidates) {
            int hits = CandidateHeap.hits(candidate);
            if (CandidateHeap.farBelowBest(hits, topHits)) {
                continue;
            }
            int segmentOrdinal = CandidateHeap.leaf(candidate);
            int doc = CandidateHeap.doc(candidate);
            long id;
            int length;
            int[] stored;
            if (segmentOrdinal == searched.size()) {
                IndexedFingerprint fingerprint = buffered.fingerprint(doc);
                id = fingerprint.id();
                length = fingerprint.length();
                stored = fingerprint.hashes();
            } else {
                PackedSegment segment = searched.get(segmentOrdinal);
                id = segment.ids[doc];
                length = segment.lengths[doc];
                stored = null;
                if (scored.contains(id)) {
                    continue;
                }
                stored = log.read(segment.offsets[doc]);
            }
            if (!scored.add(id)) {
                continue;
            }
            float score = comparator.compare2(stored, query, FingerprintComparator.ACOUSTID_MAX_OFFSET);
            if (score > options.minScore()) {
                matches.add(new FingerprintMatch(id, length, hits, score));
            }
        }
        return FingerprintMatch.best(matches, options.limit());
    }

    /**
     * Makes the state durable: syncs the log, then writes the manifest (segment files, their deletes,
     * the highest id, and the log offset from which everything not in a file is replayed). The state
     * is read under the write lock; the sync and the write happen outside it, so upserts go on.
     * A write after the state was read lands in the log past the replay offset and is replayed.
     */
    @Override
    public void commit() {
        synchronized (commitLock) {
            List<PackedSegment> persisted = new ArrayList<>();
            List<long[]> deleted = new ArrayList<>();
            List<Path> obsolete;
            long replayFrom;
            long highestId;
            synchronized (writeLock) {
                if (!changed) {
                    return;
                }
                replayFrom = log.end();
                for (PackedSegment segment : segments) {
                    if (segment.file == null) {
                        replayFrom = Math.min(replayFrom, segment.logStart);
                    } else {
                        persisted.add(segment);
                        deleted.add(segment.deletedBits());
                    }
                }
                for (Buffered entry : buffer.values()) {
                    replayFrom = Math.min(replayFrom, entry.offset());
                }
                if (bulk != null) {
                    replayFrom = Math.min(replayFrom, bulk.minOffset());
                }
                highestId = maxId.get();
                obsolete = List.copyOf(obsoleteFiles);
                obsoleteFiles.clear();
                changed = false;
            }
            try {
                log.sync();
                writeManifest(persisted, deleted, replayFrom, highestId);
            } catch (RuntimeException e) {
                synchronized (writeLock) {
                    changed = true;
                    obsoleteFiles.addAll(obsolete);
                }
                throw e;
            }
            deleteFiles(obsolete);
        }
    }

    // segment files merged away, once no manifest names them
    private static void deleteFiles(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("fingerprint index: cannot delete %s: %s", file, e);
            }
        }
    }

    private record Manifest(int bucketBits, long maxId, long replayFrom, List<String> files, List<int[]> deleted) {
    }

    private void writeManifest(List<PackedSegment> persisted, List<long[]> deletedBits, long replayFrom, long highestId) {
        Path temporary = dir.resolve(MANIFEST + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            out.writeInt(MANIFEST_MAGIC);
            out.writeInt(bucketBits);
            out.writeLong(highestId);
            out.writeLong(replayFrom);
            out.writeInt(persisted.size());
            for (int s = 0; s < persisted.size(); s++) {
                PackedSegment segment = persisted.get(s);
                out.writeUTF(segment.file.getFileName().toString());
                long[] deleted = deletedBits.get(s);
                List<Integer> ordinals = new ArrayList<>();
                for (int ordinal = 0; ordinal < segment.docCount(); ordinal++) {
                    if (!PackedSegment.isLive(deleted, ordinal)) {
                        ordinals.add(ordinal);
                    }
                }
                out.writeInt(ordinals.size());
                for (int ordinal : ordinals) {
                    out.writeInt(ordinal);
                }
            }
            out.flush();
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fingerprint index manifest", e);
        }
        try {
            Files.move(temporary, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the fingerprint index manifest", e);
        }
        syncDirectory();
    }

    // The rename (and the names of new segment files) is durable only once the directory is: after a
    // power loss an older manifest could come back, naming segment files deleted since.
    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the fingerprint index directory " + dir, e);
        }
    }

    private Manifest readManifest() throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.exists(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MANIFEST_MAGIC) {
                throw new IOException("not a fingerprint index manifest: " + file);
            }
            int bits = in.readInt();
            long max = in.readLong();
            long replayFrom = in.readLong();
            int count = in.readInt();
            List<String> files = new ArrayList<>();
            List<int[]> deleted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                files.add(in.readUTF());
                int[] ordinals = new int[in.readInt()];
                for (int j = 0; j < ordinals.length; j++) {
                    ordinals[j] = in.readInt();
                }
                deleted.add(ordinals);
            }
            return new Manifest(bits, max, replayFrom, files, deleted);
        }
    }

    // segment files no manifest names: written by a merge the last run did not commit
    private void removeStraySegments(Manifest manifest) throws IOException {
        Set<String> kept = manifest == null ? Set.of() : Set.copyOf(manifest.files());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(SEGMENT_SUFFIX)) {
                    nextSegment = Math.max(nextSegment, segmentNumber(name) + 1);
                    if (!kept.contains(name)) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }

    private static long segmentNumber(String name) {
        try {
            return Long.parseLong(name.substring("segment-".length(), name.length() - SEGMENT_SUFFIX.length()));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void clear() {
        synchronized (commitLock) {
            synchronized (writeLock) {
                for (PackedSegment segment : segments) {
                    if (segment.file != null) {
                        obsoleteFiles.add(segment.file);
                    }
                }
                segments = List.of();
                buffer.clear();
                bulk = bulk == null ? null : new SegmentBuilder();
                maxId.set(0);
                publish();
                // the empty manifest first: a crash after it finds an empty index, never segments
                // pointing into a cut log
                writeManifest(List.of(), List.of(), 0, 0);
                log.clear();
                deleteFiles(obsoleteFiles);
                obsoleteFiles.clear();
                changed = false;
            }
        }
    }

    @Override
    public void close() {
        merger.shutdown();
        try {
            if (!merger.awaitTermination(5, TimeUnit.MINUTES)) {
                LOG.warn("fingerprint index: a merge is still running at close; its segment is dropped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            commit();
        } finally {
            log.close();
        }
    }

    /** Per-thread arrays reused by every search on that thread: hit counts and the documents touched. */
    private static final class SearchScratch implements BucketPostings.DocSink {
        byte[] counts = new byte[0];
        int[] touched = new int[1024];
        int touchedCount;
        final CandidateHeap heap = new CandidateHeap();

        void prepare(int docCount) {
            if (counts.length < docCount) {
                counts = new byte[Math.max(docCount, counts.length * 3 / 2)];
            }
            touchedCount = 0;
        }

        @Override
        public void hit(int doc) {
            if (counts[doc]++ == 0) {
                if (touchedCount == touched.length) {
                    touched = Arrays.copyOf(touched, touched.length * 2);
                }
                touched[touchedCount++] = doc;
            }
        }

        CandidateHeap heap(int capacity) {
            heap.reset(capacity);
            return heap;
        }
    }
}
