package org.songprint.fingerprint.index.packed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.songprint.fingerprint.index.packed.storage.IndexDirectory;
import org.songprint.fingerprint.index.packed.storage.Manifest;

/**
 * The packed index's segments, oldest first, and their merges: four segments of a size (by powers of
 * four) are merged into one in the background, which is written to a file of its own. The list is
 * replaced whole on every change, so a search reads one consistent list; it is changed only under
 * the index's write lock.
 */
final class SegmentSet {

    private static final Logger LOG = Logger.getLogger(SegmentSet.class);
    private static final int MERGE_FACTOR = 4;
    /** A segment is rewritten without its deleted fingerprints once they are this fraction (1/5) of it. */
    private static final int COMPACT_DELETED_SHARE = 5;

    /** Segments to merge into one, with their deleted bits when the merge began. */
    record Merge(List<PackedSegment> inputs, List<long[]> deleted) {
        static Merge of(List<PackedSegment> inputs) {
            return new Merge(inputs, inputs.stream().map(PackedSegment::deletedBits).toList());
        }
    }

    /** The segments that have files and their deleted bits, read under the write lock for a manifest. */
    record Files(List<PackedSegment> segments, List<long[]> deleted) {
        Manifest manifest(int bucketBits, long maxId, long replayFrom) {
            List<String> names = new ArrayList<>();
            List<int[]> ordinals = new ArrayList<>();
            for (int s = 0; s < segments.size(); s++) {
                names.add(segments.get(s).file.getFileName().toString());
                ordinals.add(segments.get(s).deletedOrdinals(deleted.get(s)));
            }
            return new Manifest(bucketBits, maxId, replayFrom, names, ordinals);
        }
    }

    private final Object writeLock;
    private final IndexDirectory directory;
    private final int bucketBits;
    // no merge makes a segment larger: its build's heap grows with it
    private final int maxSegmentFingerprints;
    // null when excerpts are off
    private final ExcerptBuilder excerpts;
    private volatile boolean excerptsDeferred;
    private volatile List<PackedSegment> segments = List.of();
    // guarded by writeLock
    private final Set<PackedSegment> merging = new HashSet<>();
    private final List<Path> obsoleteFiles = new ArrayList<>();
    private boolean mergedSinceCommit;
    private final ExecutorService merger = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fingerprint-index-merge");
        thread.setDaemon(true);
        return thread;
    });

    SegmentSet(Object writeLock, IndexDirectory directory, int bucketBits, int maxSegmentFingerprints, ExcerptBuilder excerpts) {
        this.writeLock = writeLock;
        this.directory = directory;
        this.bucketBits = bucketBits;
        this.maxSegmentFingerprints = maxSegmentFingerprints;
        this.excerpts = excerpts;
    }

    private void buildMissingExcerpts() {
        if (excerpts != null && !excerptsDeferred) {
            excerpts.buildMissing(this::list);
        }
    }

    /**
     * Under the write lock: while deferred, segments get their excerpt postings only from a merge. A
     * bulk load defers them until it ends: built beside the load, a cut segment's excerpt postings
     * took its cores (a cold start of 4 M: ready in 292 s instead of ~245, with 120 s more CPU).
     */
    void deferExcerpts(boolean deferred) {
        excerptsDeferred = deferred;
        buildMissingExcerpts();
    }

    /** Whether every segment has its excerpt postings (with excerpts on). */
    boolean excerptsReady() {
        return segments.stream().allMatch(segment -> segment.excerpt != null);
    }

    /** Heap bytes of the segments' excerpt postings. */
    long excerptBytes() {
        long bytes = 0;
        for (PackedSegment segment : segments) {
            ExcerptPostings excerpt = segment.excerpt;
            bytes += excerpt == null ? 0 : excerpt.bytes();
        }
        return bytes;
    }

    /** The segments now, oldest first. */
    List<PackedSegment> list() {
        return segments;
    }

    /** Reads the manifest's segment files, with their deletes. */
    void load(Manifest manifest) throws IOException {
        List<PackedSegment> loaded = new ArrayList<>();
        for (int i = 0; i < manifest.files().size(); i++) {
            PackedSegment segment = PackedSegment.readFrom(directory.segmentFile(manifest.files().get(i)));
            for (int ordinal : manifest.deleted().get(i)) {
                segment.delete(ordinal);
            }
            loaded.add(segment);
        }
        segments = List.copyOf(loaded);
        buildMissingExcerpts();
    }

    // under writeLock
    void append(PackedSegment segment) {
        List<PackedSegment> next = new ArrayList<>(segments);
        next.add(segment);
        segments = List.copyOf(next);
        buildMissingExcerpts();
    }

    /** Under the write lock: marks the live copy of a fingerprint deleted; whether a segment held one. */
    boolean removeLive(long id) {
        boolean removed = false;
        for (PackedSegment segment : segments) {
            removed |= segment.deleteLive(id);
        }
        return removed;
    }

    /**
     * Under the write lock: deletes from {@code built} the ids live in these segments. Only the ids
     * within {@code built}'s range are read (ids ascend in a segment): a bulk load that cuts a segment
     * every few million reads its ids in order, so its earlier segments are skipped whole, where reading
     * every id of each would make a long load's cuts quadratic.
     */
    void dropLiveIdsFrom(PackedSegment built) {
        if (built.docCount() == 0) {
            return;
        }
        long first = built.ids[0];
        long last = built.ids[built.docCount() - 1];
        for (PackedSegment segment : segments) {
            long[] deleted = segment.deletedBits();
            int from = Arrays.binarySearch(segment.ids, first);
            for (int ordinal = from < 0 ? -from - 1 : from; ordinal < segment.docCount() && segment.ids[ordinal] <= last; ordinal++) {
                if (PackedSegment.isLive(deleted, ordinal)) {
                    built.deleteLive(segment.ids[ordinal]);
                }
            }
        }
    }

    boolean contains(long id) {
        for (PackedSegment segment : segments) {
            if (segment.liveOrdinal(id) >= 0) {
                return true;
            }
        }
        return false;
    }

    long liveCount() {
        long count = 0;
        for (PackedSegment segment : segments) {
            count += segment.liveCount();
        }
        return count;
    }

    /** Under the write lock: puts the live ids into {@code ids} from {@code at}; returns where they end. */
    int copyLiveIds(long[] ids, int at) {
        for (PackedSegment segment : segments) {
            long[] deleted = segment.deletedBits();
            for (int ordinal = 0; ordinal < segment.docCount(); ordinal++) {
                if (PackedSegment.isLive(deleted, ordinal)) {
                    ids[at++] = segment.ids[ordinal];
                }
            }
        }
        return at;
    }

    int count() {
        return segments.size();
    }

    /** Fingerprints the segments hold, deleted ones included: what a search's postings reach. */
    long documentCount() {
        long documents = 0;
        for (PackedSegment segment : segments) {
            documents += segment.docCount();
        }
        return documents;
    }

    /** Heap bytes of the segments. */
    long bytes() {
        long bytes = 0;
        for (PackedSegment segment : segments) {
            bytes += segment.bytes();
        }
        return bytes;
    }

    /** The log offset of the last record a segment reads, or -1 if none does. */
    long lastOffset() {
        long last = -1;
        for (PackedSegment segment : segments) {
            for (long offset : segment.offsets) {
                last = Math.max(last, offset);
            }
        }
        return last;
    }

    /** Under the write lock: where the log's replay must start for the in-memory segments, at most {@code upTo}. */
    long replayFrom(long upTo) {
        long from = upTo;
        for (PackedSegment segment : segments) {
            if (segment.file == null) {
                from = Math.min(from, segment.logStart);
            }
        }
        return from;
    }

    /** Under the write lock: the segments that have files now, with their deletes. */
    Files files() {
        List<PackedSegment> persisted = new ArrayList<>();
        List<long[]> deleted = new ArrayList<>();
        for (PackedSegment segment : segments) {
            if (segment.file != null) {
                persisted.add(segment);
                deleted.add(segment.deletedBits());
            }
        }
        return new Files(persisted, deleted);
    }

    /** Under the write lock: writes every in-memory segment to a file. */
    void writeInMemorySegments() {
        for (PackedSegment segment : segments) {
            if (segment.file == null) {
                write(segment);
            }
        }
    }

    void write(PackedSegment segment) {
        try {
            segment.writeTo(directory.newSegmentFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a fingerprint index segment", e);
        }
    }

    /**
     * Under the write lock: starts the merges that are due, four segments of a size into one, or as
     * many of the four, at least two, as fit in a segment's maximum; and rewrites alone each segment a
     * fifth or more of whose fingerprints are deleted.
     */
    void scheduleMerges() {
        Map<Integer, List<PackedSegment>> byLevel = new LinkedHashMap<>();
        for (PackedSegment segment : segments) {
            if (!merging.contains(segment)) {
                int level = (63 - Long.numberOfLeadingZeros(Math.max(1, segment.docCount()))) / 2;
                byLevel.computeIfAbsent(level, k -> new ArrayList<>()).add(segment);
            }
        }
        for (List<PackedSegment> level : byLevel.values()) {
            if (level.size() >= MERGE_FACTOR) {
                int fit = 0;
                long fingerprints = 0;
                while (fit < MERGE_FACTOR && fingerprints + level.get(fit).docCount() <= maxSegmentFingerprints) {
                    fingerprints += level.get(fit++).docCount();
                }
                if (fit >= 2 && !start(Merge.of(List.copyOf(level.subList(0, fit))))) {
                    return;
                }
            }
        }
        // a segment its level does not merge (one at the maximum never is) would keep its deleted
        // fingerprints' postings for good: searched, counted, then thrown away. (One with nothing live
        // left stays: a merge gives no empty segment.)
        for (PackedSegment segment : segments) {
            long deleted = segment.docCount() - segment.liveCount();
            if (!merging.contains(segment) && segment.liveCount() > 0 && deleted > 0
                    && deleted * COMPACT_DELETED_SHARE >= segment.docCount() && !start(Merge.of(List.of(segment)))) {
                return;
            }
        }
    }

    // under the write lock: false when the merger is closing, and no merge starts
    private boolean start(Merge merge) {
        merging.addAll(merge.inputs());
        try {
            merger.execute(() -> merge(merge));
            return true;
        } catch (RejectedExecutionException e) { // closing: its inputs stay as they are
            merging.removeAll(merge.inputs());
            return false;
        }
    }

    /**
     * Under the write lock: the segments not being merged, if there are more than {@code count}, or
     * null. As many as fit in a segment's maximum, smallest first, and at least two; so an index
     * larger than the maximum keeps more than {@code count}.
     */
    Merge claimAll(int count) {
        List<PackedSegment> free = segments.stream().filter(segment -> !merging.contains(segment)).toList();
        if (free.size() <= Math.max(1, count)) {
            return null;
        }
        Set<PackedSegment> chosen = new HashSet<>();
        long fingerprints = 0;
        for (PackedSegment segment : free.stream().sorted(Comparator.comparingInt(PackedSegment::docCount)).toList()) {
            if (fingerprints + segment.docCount() > maxSegmentFingerprints) {
                break;
            }
            fingerprints += segment.docCount();
            chosen.add(segment);
        }
        if (chosen.size() < 2) {
            return null;
        }
        // in the set's order, oldest first, as a merge keeps the later of an id live twice
        List<PackedSegment> inputs = free.stream().filter(chosen::contains).toList();
        merging.addAll(inputs);
        return Merge.of(inputs);
    }

    /** Merges, writes the result to a file and swaps it in; a failure leaves the inputs as they are. */
    void merge(Merge merge) {
        try {
            long start = System.nanoTime();
            PackedSegment merged = SegmentBuilder.merge(merge.inputs(), merge.deleted(), bucketBits);
            write(merged);
            if (excerpts != null) {
                excerpts.build(merged);
            }
            synchronized (writeLock) {
                install(merge, merged);
                merging.removeAll(merge.inputs());
                scheduleMerges();
            }
            if (merge.inputs().size() == 1 && merged.docCount() >= ExcerptPostings.CHUNK_DOCS / 2) { // rare, and long
                LOG.infof("fingerprint index: a segment of %d fingerprints rewritten without its deleted ones, %d left, in %.1f s",
                        merge.inputs().get(0).docCount(), merged.docCount(), (System.nanoTime() - start) / 1e9);
            }
            // a large merge leaves its inputs and its build arrays behind: hundreds of MB at a million
            if (merged.docCount() >= ExcerptPostings.CHUNK_DOCS / 2) {
                HeapRelease.afterBuild("merged segment of " + merged.docCount() + " fingerprints");
            }
        } catch (RuntimeException e) {
            synchronized (writeLock) {
                merging.removeAll(merge.inputs());
            }
            LOG.warn("fingerprint index: a segment merge failed; the segments stay as they are", e);
        }
    }

    // under writeLock: swaps the merged segment in and carries over deletes made while it was merged
    private void install(Merge merge, PackedSegment merged) {
        List<PackedSegment> inputs = merge.inputs();
        for (int s = 0; s < inputs.size(); s++) {
            PackedSegment input = inputs.get(s);
            long[] before = merge.deleted().get(s);
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
        mergedSinceCommit = true;
    }

    /** Under the write lock: whether a merge was installed since the last call. */
    boolean takeMerged() {
        boolean merged = mergedSinceCommit;
        mergedSinceCommit = false;
        return merged;
    }

    /** Under the write lock: the files merged away since the last call, to delete once a manifest no longer names them. */
    List<Path> takeObsoleteFiles() {
        List<Path> obsolete = List.copyOf(obsoleteFiles);
        obsoleteFiles.clear();
        return obsolete;
    }

    /** Under the write lock: files {@link #takeObsoleteFiles} returned that must wait for the next commit. */
    void restoreObsoleteFiles(List<Path> files) {
        obsoleteFiles.addAll(files);
    }

    /** Under the write lock: drops every segment; their files become obsolete. */
    void clear() {
        for (PackedSegment segment : segments) {
            if (segment.file != null) {
                obsoleteFiles.add(segment.file);
            }
        }
        segments = List.of();
        mergedSinceCommit = false;
    }

    /** Under the write lock: forgets every segment of an index that could not be read (its files go with the strays). */
    void discard() {
        segments = List.of();
    }

    /** Waits for a running merge to end. */
    void close() {
        if (excerpts != null) {
            excerpts.close();
        }
        merger.shutdown();
        try {
            if (!merger.awaitTermination(5, TimeUnit.MINUTES)) {
                LOG.warn("fingerprint index: a merge is still running at close; its segment is dropped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
