package org.songprint.fingerprint.index.packed;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.fingerprint.index.IndexedFingerprint;
import org.songprint.fingerprint.index.packed.storage.FingerprintLog;
import org.songprint.fingerprint.index.packed.storage.IndexDirectory;
import org.songprint.fingerprint.index.packed.storage.Manifest;

/**
 * The packed index's write path. An upsert is appended to the {@link FingerprintLog} and put in the
 * {@link MemoryBuffer}; the buffer becomes an in-memory segment when full or on
 * {@link #refreshReaders()}; a commit syncs the log and writes the manifest. A bulk load builds a
 * segment from everything added, one every {@code maxSegmentFingerprints}.
 */
final class PackedWriter {

    private static final Logger LOG = Logger.getLogger(PackedWriter.class);

    private final Object writeLock;
    // one commit at a time (the timer, a bulk load's end, close); taken before writeLock, never inside it
    private final Object commitLock = new Object();
    private final IndexDirectory directory;
    private final FingerprintLog log;
    private final SegmentSet segments;
    private final int bucketBits;
    private final int bufferCapacity;
    private final int maxSegmentFingerprints;
    private final AtomicLong maxId = new AtomicLong();
    // guarded by writeLock
    private final MemoryBuffer buffer = new MemoryBuffer();
    private SegmentBuilder bulk;
    private boolean changed;

    PackedWriter(Object writeLock, IndexDirectory directory, FingerprintLog log, int bucketBits, int bufferCapacity,
            int maxSegmentFingerprints, ExcerptBuilder excerpts) {
        if (maxSegmentFingerprints < 1) {
            throw new IllegalArgumentException("a segment holds at least one fingerprint, not " + maxSegmentFingerprints);
        }
        this.writeLock = writeLock;
        this.directory = directory;
        this.log = log;
        this.segments = new SegmentSet(writeLock, directory, bucketBits, maxSegmentFingerprints, excerpts);
        this.bucketBits = bucketBits;
        this.bufferCapacity = bufferCapacity;
        this.maxSegmentFingerprints = maxSegmentFingerprints;
    }

    SegmentSet segments() {
        return segments;
    }

    MemoryBuffer buffer() {
        return buffer;
    }

    long maxId() {
        return maxId.get();
    }

    void restoreMaxId(long id) {
        maxId.set(id);
    }

    private int[] bucketsOf(int[] hashes) {
        return BucketPostings.buckets(FingerprintComparator.extractQuery(hashes), bucketBits);
    }

    void upsert(IndexedFingerprint fingerprint) {
        int[] buckets = bucketsOf(fingerprint.hashes());
        synchronized (writeLock) {
            removeLive(fingerprint.id());
            long offset = log.append(fingerprint.id(), fingerprint.length(), fingerprint.hashes());
            buffer(fingerprint, buckets, offset);
            maxId.accumulateAndGet(fingerprint.id(), Math::max);
        }
    }

    void add(IndexedFingerprint fingerprint) {
        int[] buckets = bucketsOf(fingerprint.hashes());
        synchronized (writeLock) {
            long offset = log.append(fingerprint.id(), fingerprint.length(), fingerprint.hashes());
            if (bulk != null) {
                bulk.add(fingerprint.id(), fingerprint.length(), offset, buckets);
                changed = true;
                if (bulk.size() >= maxSegmentFingerprints) {
                    // the build's heap grows with the segment: cut one here, and go on with the next
                    installBulkSegment(bulk);
                    bulk = new SegmentBuilder();
                }
            } else {
                buffer(fingerprint, buckets, offset);
            }
            maxId.accumulateAndGet(fingerprint.id(), Math::max);
        }
    }

    /** Under the write lock: applies a record replayed from the log, as its write did. */
    void replayed(FingerprintLog.Entry entry) {
        removeLive(entry.id());
        if (!entry.isDelete()) {
            int[] hashes = entry.items();
            buffer(new IndexedFingerprint(entry.id(), entry.length(), hashes), bucketsOf(hashes), entry.offset());
            maxId.accumulateAndGet(entry.id(), Math::max);
        }
    }

    // under writeLock
    private void buffer(IndexedFingerprint fingerprint, int[] buckets, long offset) {
        buffer.put(fingerprint, buckets, offset);
        changed = true;
        if (buffer.size() >= bufferCapacity) {
            flushBuffer();
        }
    }

    // under writeLock: drops the live copy of a fingerprint from the buffer and every segment
    private boolean removeLive(long id) {
        boolean removed = buffer.remove(id);
        removed |= segments.removeLive(id);
        changed |= removed;
        return removed;
    }

    void delete(long fingerprintId) {
        synchronized (writeLock) {
            if (removeLive(fingerprintId)) {
                log.appendDelete(fingerprintId);
                // enough deletes in a segment rewrite it without them
                segments.scheduleMerges();
            }
            buffer.publish();
        }
    }

    void beginBulkLoad() {
        synchronized (writeLock) {
            if (bulk == null) {
                bulk = new SegmentBuilder();
                segments.deferExcerpts(true);
            }
        }
    }

    void endBulkLoad() {
        synchronized (writeLock) {
            SegmentBuilder built = bulk;
            bulk = null;
            if (built == null || built.size() == 0) {
                segments.deferExcerpts(false);
                return;
            }
            try {
                installBulkSegment(built);
            } finally {
                // also when the build fails: the segments already cut get their excerpt postings
                segments.deferExcerpts(false);
            }
        }
        commit(); // else a crash before the next commit replays the whole build from the log
    }

    // under writeLock: builds, writes and installs a bulk load's segment
    private void installBulkSegment(SegmentBuilder built) {
        long started = System.nanoTime();
        log.flush();
        long flushed = System.nanoTime();
        // nothing is searched until a bulk load ends, so its build may take every core
        PackedSegment segment = built.build(bucketBits, Runtime.getRuntime().availableProcessors());
        long builtAt = System.nanoTime();
        dropCopiesLiveElsewhere(segment);
        segments.write(segment);
        segments.append(segment);
        changed = true;
        // where a cold start's last seconds go, beside the loader's own progress
        LOG.infof("bulk load's segment of %d fingerprints: log flushed in %.1f s, built in %.1f s, written in %.1f s",
                segment.docCount(), (flushed - started) / 1e9, (builtAt - flushed) / 1e9, (System.nanoTime() - builtAt) / 1e9);
    }

    /**
     * A bulk build starts from an empty index, but the topic and the importer may upsert while it runs,
     * some of them ids the build reads too. Those are live in the buffer or an earlier segment already:
     * the build's copy of each is dropped (the items are the same), so no id is live twice.
     */
    // under writeLock
    private void dropCopiesLiveElsewhere(PackedSegment built) {
        for (long id : buffer.ids()) {
            built.deleteLive(id);
        }
        segments.dropLiveIdsFrom(built);
    }

    void refresh() {
        synchronized (writeLock) {
            // handed to the OS too, so a killed process (not a crashed machine) loses no published upsert
            log.flush();
            buffer.publish();
        }
    }

    /** Under the write lock: makes what the buffer holds now what searches read. */
    void publish() {
        buffer.publish();
    }

    void refreshReaders() {
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
        // installed before the buffer empties: a search reads the buffer first, so it sees one or both
        segments.append(buffer.toSegment(bucketBits));
        buffer.clear();
        buffer.publish();
        segments.scheduleMerges();
    }

    void forceMerge(int count) {
        SegmentSet.Merge merge;
        synchronized (writeLock) {
            flushBuffer();
            merge = segments.claimAll(count);
        }
        if (merge != null) {
            segments.merge(merge);
        }
        commit();
    }

    /**
     * After a damaged log record that could not be cut off: writes what was replayed to segment files,
     * so the commit that follows makes later replays start past the damage.
     */
    void persistReplayed() {
        synchronized (writeLock) {
            flushBuffer();
            segments.writeInMemorySegments();
            changed = true;
        }
        commit();
    }

    /**
     * Makes the state durable: syncs the log, then writes the manifest (segment files, their deletes,
     * the highest id, and the log offset from which everything not in a file is replayed). The state
     * is read under the write lock; the sync and the write happen outside it, so upserts go on.
     * A write after the state was read lands in the log past the replay offset and is replayed.
     */
    void commit() {
        synchronized (commitLock) {
            SegmentSet.Files files;
            List<Path> obsolete;
            long replayFrom;
            long highestId;
            synchronized (writeLock) {
                boolean merged = segments.takeMerged();
                if (!changed && !merged) {
                    return;
                }
                replayFrom = buffer.minOffset(segments.replayFrom(log.end()));
                if (bulk != null) {
                    replayFrom = Math.min(replayFrom, bulk.minOffset());
                }
                files = segments.files();
                highestId = maxId.get();
                obsolete = segments.takeObsoleteFiles();
                changed = false;
            }
            try {
                log.sync();
                directory.writeManifest(files.manifest(bucketBits, highestId, replayFrom));
            } catch (RuntimeException e) {
                synchronized (writeLock) {
                    changed = true;
                    segments.restoreObsoleteFiles(obsolete);
                }
                throw e;
            }
            IndexDirectory.deleteFiles(obsolete);
        }
    }

    void clear() {
        synchronized (commitLock) {
            synchronized (writeLock) {
                segments.clear();
                buffer.clear();
                bulk = bulk == null ? null : new SegmentBuilder();
                maxId.set(0);
                buffer.publish();
                // the empty manifest first: a crash after it finds an empty index, never segments
                // pointing into a cut log
                directory.writeManifest(new Manifest(bucketBits, 0, 0, List.of(), List.of()));
                log.clear();
                IndexDirectory.deleteFiles(segments.takeObsoleteFiles());
                changed = false;
            }
        }
    }

    /** Under the write lock: forgets everything of an index that could not be read. */
    void discard() {
        segments.discard();
        buffer.clear();
        maxId.set(0);
        buffer.publish();
    }
}
