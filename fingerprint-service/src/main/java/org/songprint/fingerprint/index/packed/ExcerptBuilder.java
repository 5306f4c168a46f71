package org.songprint.fingerprint.index.packed;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.songprint.fingerprint.index.packed.storage.FingerprintLog;

/**
 * Gives segments their {@link ExcerptPostings}, read back from the fingerprint log: on its own thread
 * for segments that are installed without them (a flush, a bulk build, the segments read at start),
 * on the merging thread for a merged segment, before it replaces its inputs, so a merge never hides
 * fingerprints from excerpt searches.
 */
final class ExcerptBuilder {

    private static final Logger LOG = Logger.getLogger(ExcerptBuilder.class);

    private final ExcerptTerms terms;
    private final int bucketBits;
    private final FingerprintLog log;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "fingerprint-index-excerpts"));
    /** Two chunks at a time: twice as fast on two cores, for twice a chunk's memory. */
    private final ExecutorService chunkBuilders = Executors.newFixedThreadPool(
            Math.min(2, Runtime.getRuntime().availableProcessors()), r -> daemon(r, "fingerprint-index-excerpt-chunks"));

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    ExcerptBuilder(ExcerptTerms terms, int bucketBits, FingerprintLog log) {
        this.terms = terms;
        this.bucketBits = bucketBits;
        this.log = log;
    }

    ExcerptTerms terms() {
        return terms;
    }

    /** Builds the excerpt postings of {@code segment}'s live fingerprints now, on this thread. */
    void build(PackedSegment segment) {
        long[] deleted = segment.deletedBits();
        segment.excerpt = ExcerptPostings.build(segment.docCount(), bucketBits, terms,
                ordinal -> PackedSegment.isLive(deleted, ordinal) ? log.read(segment.offsets[ordinal]) : null, chunkBuilders);
    }

    /**
     * Builds, on the builder's thread, the postings of every segment {@code segments} lists without
     * them when the thread gets to it. A call while one is waiting adds nothing: the waiting one reads
     * the list when it starts.
     */
    void buildMissing(Supplier<List<PackedSegment>> segments) {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                scheduled.set(false);
                long built = 0;
                for (PackedSegment segment : segments.get()) {
                    if (segment.excerpt == null) {
                        try {
                            build(segment);
                            built += segment.docCount();
                        } catch (RuntimeException e) {
                            LOG.warn("fingerprint index: excerpt postings of a segment could not be built", e);
                        }
                    }
                }
                // the postings of a flush are built in passing; those of a whole index (at start, after
                // a rebuild) leave hundreds of MB of chunk arrays behind
                if (built >= ExcerptPostings.CHUNK_DOCS / 2) {
                    HeapRelease.afterBuild("excerpt postings of " + built + " fingerprints");
                }
            });
        } catch (RuntimeException e) { // rejected: closing
            scheduled.set(false);
        }
    }

    void close() {
        worker.shutdownNow();
        chunkBuilders.shutdownNow();
        try {
            worker.awaitTermination(1, TimeUnit.MINUTES);
            chunkBuilders.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
