package org.songprint.fingerprint.index;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.songprint.fingerprint.index.packed.HeapRelease;

/**
 * Brings an opened index level with the database at start, exactly: first the rows above its
 * highest id, in id order (a whole build for an empty index, the few seconds since the last commit
 * after a restart), then a comparison of every id it holds with the database's
 * ({@link IndexReconciler}), which indexes what the first pass cannot see: rows committed out of id
 * order, upserts lost from the log's tail by a crash, a damaged log record.
 */
@ApplicationScoped
public class IndexCatchUp {

    private static final Logger LOG = Logger.getLogger(IndexCatchUp.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    // how long the comparison waits for the transactions open when it starts (an import batch: well
    // under a second); past it, the index is compared again once they have ended
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(30);

    private final IndexConfig config;
    private final FingerprintRepository repository;
    private final IndexReconciler reconciler;

    public IndexCatchUp(IndexConfig config, FingerprintRepository repository, IndexReconciler reconciler) {
        this.config = config;
        this.repository = repository;
        this.reconciler = reconciler;
    }

    /**
     * Catches {@code index} up; {@code helper} indexes half of each batch. Returns what keeps it level
     * from now on. The index holds every fingerprint the database held when this returns.
     */
    public DatabaseFollower run(ManagedFingerprintIndex index, ExecutorService helper)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            loadInIdOrder(index, helper);
        } finally {
            index.endBulkLoad(); // a retry continues with upserts
        }
        return compare(index);
    }

    private void loadInIdOrder(ManagedFingerprintIndex index, ExecutorService helper)
            throws InterruptedException, ExecutionException, TimeoutException {
        long[] maxAndCount = repository.maxIdAndCount().await().atMost(TIMEOUT);
        long dbMax = maxAndCount[0];
        if (index.maxIndexedId() > dbMax) {
            // The index holds ids the database never had: it belongs to another (or a wiped) database.
            LOG.warnf("fingerprint index is ahead of the database (index max id %d, database max id %d): rebuilding",
                    index.maxIndexedId(), dbMax);
            index.clear();
        }
        long after = index.maxIndexedId();
        long startAfter = after;
        boolean fullBuild = index.size() == 0;
        long done = 0;
        long started = System.nanoTime();
        long lastReport = started;
        LOG.infof("fingerprint index: %d fingerprints indexed, catching up from id %d to %d", index.size(), after, dbMax);
        if (fullBuild) {
            index.beginBulkLoad(Math.min(config.buildRamBufferMb(), Runtime.getRuntime().maxMemory() / 4.0 / (1 << 20)));
        }
        // Pipelined: the next batch is read from PostgreSQL while this one is indexed, by two threads.
        CompletableFuture<List<IndexedFingerprint>> next =
                repository.after(after, config.loadBatchSize()).subscribeAsCompletionStage();
        while (true) {
            List<IndexedFingerprint> batch = next.get(1, TimeUnit.MINUTES);
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1).id();
            next = repository.after(after, config.loadBatchSize()).subscribeAsCompletionStage();
            indexBatch(index, helper, batch, fullBuild);
            done += batch.size();
            long now = System.nanoTime();
            if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                double seconds = (now - started) / 1e9;
                double idsPerSecond = Math.max(1, (after - startAfter) / seconds);
                LOG.infof("fingerprint index: %d rows loaded (%.0f rows/s), up to id %d of %d, ETA %.0f s", done,
                        done / seconds, after, dbMax, Math.max(0, dbMax - after) / idsPerSecond);
                lastReport = now;
            }
        }
        // the last buffers are flushed still under the bulk policy: restoring tiered merging first
        // started merges that competed with that flush (a minute at 1 M fingerprints)
        index.commit();
        index.refresh();
        index.endBulkLoad(); // before any merge: no merges happen under the bulk policy
        LOG.infof("fingerprint index: %d fingerprints (%d loaded from the database in %.1f s)", index.size(), done,
                (System.nanoTime() - started) / 1e9);
    }

    private static void indexBatch(ManagedFingerprintIndex index, ExecutorService helper, List<IndexedFingerprint> batch,
            boolean fullBuild) throws InterruptedException, ExecutionException {
        int half = batch.size() / 2;
        Future<?> other = helper.submit(() -> indexRange(index, batch.subList(half, batch.size()), fullBuild));
        indexRange(index, batch.subList(0, half), fullBuild);
        other.get();
    }

    private static void indexRange(ManagedFingerprintIndex index, List<IndexedFingerprint> fingerprints, boolean fullBuild) {
        for (IndexedFingerprint fingerprint : fingerprints) {
            if (fullBuild) {
                index.add(fingerprint);
            } else {
                index.upsert(fingerprint);
            }
        }
    }

    /**
     * The exact part. A mark is taken first and the comparison waits until every transaction open then
     * has ended, so that every id up to the mark is visible to it: those ids then become the poll's
     * cursor (see {@link DatabaseFollower}).
     */
    DatabaseFollower compare(ManagedFingerprintIndex index) throws InterruptedException {
        DatabaseMark start = repository.mark().await().atMost(TIMEOUT);
        long deadline = System.nanoTime() + SETTLE_WAIT.toNanos();
        DatabaseMark now = repository.mark().await().atMost(TIMEOUT);
        while (!now.settles(start) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = repository.mark().await().atMost(TIMEOUT);
        }
        boolean settled = now.settles(start);
        long started = System.nanoTime();
        Reconciliation found = reconciler.repair(index);
        LOG.infof("fingerprint index ready: %d fingerprints, compared with the database's %d in %.1f s "
                + "(%d of %d id ranges differed: %d missing, %d extra)", index.size(), found.databaseCount(),
                (System.nanoTime() - started) / 1e9, found.differingRanges(), found.ranges(), found.missing().length,
                found.extra().length);
        HeapRelease.afterBuild("fingerprint index of " + index.size() + " fingerprints");
        if (!settled) {
            LOG.warnf("fingerprint index: a database transaction open since %s outlasted %s; the index is compared "
                    + "again once it ends", now.oldestOpen(), SETTLE_WAIT);
        }
        return new DatabaseFollower(index, repository, reconciler, Duration.ofMillis(config.reconcileIntervalMs()),
                settled ? start.maxId() : DatabaseFollower.UNKNOWN, settled ? null : start);
    }
}
