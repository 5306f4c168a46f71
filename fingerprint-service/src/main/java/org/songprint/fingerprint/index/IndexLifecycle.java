package org.songprint.fingerprint.index;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Owns the fingerprint index: opens it at start, catches it up from the database in the background
 * (only the fingerprints added since its last commit, so a restart does not rebuild it), refreshes
 * readers and commits periodically, and closes it at shutdown.
 */
@ApplicationScoped
public class IndexLifecycle {

    private static final Logger LOG = Logger.getLogger(IndexLifecycle.class);

    private final IndexConfig config;
    private final FingerprintRepository repository;
    private final ManagedFingerprintIndex index;
    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fingerprint-index-maintenance");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService loaderPool = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fingerprint-index-loader-2");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Thread loader;
    private volatile boolean loaded;
    private volatile String loadError;

    public IndexLifecycle(IndexConfig config, FingerprintRepository repository) {
        this.config = config;
        this.repository = repository;
        // each engine in a directory of its own, so switching engines never reads the other's files
        Path path = Path.of(config.path()).resolve(config.engine());
        this.index = switch (config.engine()) {
            case "lucene" -> new LuceneFingerprintIndex(path, config.ramBufferMb());
            case "packed" -> new PackedFingerprintIndex(path, config.bucketBits(),
                    PackedFingerprintIndex.DEFAULT_BUFFER_CAPACITY);
            default -> throw new IllegalArgumentException(
                    "songprint.index.engine must be packed or lucene, not " + config.engine());
        };
    }

    @Produces
    @Singleton
    FingerprintIndex index() {
        return index;
    }

    void onStart(@Observes StartupEvent event) {
        maintenance.scheduleWithFixedDelay(this::refreshQuietly, config.refreshIntervalMs(), config.refreshIntervalMs(),
                TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(this::commitQuietly, config.commitIntervalMs(), config.commitIntervalMs(),
                TimeUnit.MILLISECONDS);
        loader = new Thread(this::catchUpUntilDone, "fingerprint-index-loader");
        loader.setDaemon(true);
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        // Everything that writes to the index stops before it is closed.
        maintenance.shutdownNow();
        loaderPool.shutdownNow();
        Thread running = loader;
        try {
            if (running != null) {
                running.interrupt();
                running.join(10_000);
            }
            maintenance.awaitTermination(10, TimeUnit.SECONDS);
            loaderPool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            index.close();
        }
    }

    /** Whether the index has caught up with the database since start. */
    public boolean loaded() {
        return loaded;
    }

    public String loadError() {
        return loadError;
    }

    public ManagedFingerprintIndex managed() {
        return index;
    }

    private void catchUpUntilDone() {
        while (!loaded && !maintenance.isShutdown()) {
            catchUp();
            if (!loaded) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        if (!loaded) {
            return; // shutting down
        }
        // Safety net behind the fingerprints topic: rows that reached the database without an event
        // (a lost publish, a bulk load) are picked up by polling for ids above the highest indexed one.
        try {
            maintenance.scheduleWithFixedDelay(this::pollNewRows, config.pollIntervalMs(), config.pollIntervalMs(),
                TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // stopped while catching up
        }
    }

    private void pollNewRows() {
        try {
            List<IndexedFingerprint> batch;
            do {
                batch = repository.after(index.maxIndexedId(), config.loadBatchSize()).await().atMost(Duration.ofMinutes(1));
                batch.forEach(index::upsert);
                if (!batch.isEmpty()) {
                    LOG.infof("fingerprint index: %d fingerprints found in the database without an event", batch.size());
                }
            } while (batch.size() == config.loadBatchSize());
        } catch (RuntimeException e) {
            LOG.warnf("fingerprint index: polling the database failed: %s", e.toString());
        }
    }

    private void catchUp() {
        try {
            long[] maxAndCount = repository.maxIdAndCount().await().atMost(Duration.ofMinutes(1));
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
            // Pipelined: the next batch is read from PostgreSQL while this one is indexed, and a batch
            // is indexed by two threads (IndexWriter is thread-safe).
            CompletableFuture<List<IndexedFingerprint>> next =
                    repository.after(after, config.loadBatchSize()).subscribeAsCompletionStage();
            while (true) {
                List<IndexedFingerprint> batch = next.get(1, TimeUnit.MINUTES);
                if (batch.isEmpty()) {
                    break;
                }
                after = batch.get(batch.size() - 1).id();
                next = repository.after(after, config.loadBatchSize()).subscribeAsCompletionStage();
                indexBatch(batch, fullBuild);
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
            index.endBulkLoad(); // before the merge below: no merges happen under the bulk policy
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.infof("fingerprint index ready: %d fingerprints (%d loaded from the database in %.1f s)", index.size(), done, seconds);
            loaded = true;
            loadError = null;
            // also after a restart that interrupted a merge
            if (index.size() >= config.forceMergeAfter() && index.segmentCount() > config.maxSegments()) {
                mergeInBackground();
            }
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            loadError = e.toString();
            LOG.error("fingerprint index could not catch up with the database; retrying in 5 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            index.endBulkLoad(); // the retry continues with upserts
        }
    }

    private void indexBatch(List<IndexedFingerprint> batch, boolean fullBuild) throws InterruptedException, ExecutionException {
        int half = batch.size() / 2;
        Future<?> other = loaderPool.submit(() -> indexRange(batch.subList(half, batch.size()), fullBuild));
        indexRange(batch.subList(0, half), fullBuild);
        other.get();
    }

    private void indexRange(List<IndexedFingerprint> fingerprints, boolean fullBuild) {
        for (IndexedFingerprint fingerprint : fingerprints) {
            if (fullBuild) {
                index.add(fingerprint);
            } else {
                index.upsert(fingerprint);
            }
        }
    }

    /**
     * A freshly built index is read far more than written: merged down to one segment per few million
     * fingerprints, a query seeks each term in a few term dictionaries instead of dozens. Searches go
     * on while it merges.
     */
    private void mergeInBackground() {
        Thread merger = new Thread(() -> {
            long started = System.nanoTime();
            try {
                index.forceMerge(config.mergedSegments());
                LOG.infof("fingerprint index merged to %d segment(s) in %.1f s", index.segmentCount(),
                        (System.nanoTime() - started) / 1e9);
            } catch (RuntimeException e) {
                LOG.warn("fingerprint index merge failed; the index stays usable with more segments", e);
            }
        }, "fingerprint-index-merge");
        merger.setDaemon(true);
        merger.start();
    }

    private void refreshQuietly() {
        try {
            index.refreshReaders();
        } catch (RuntimeException e) {
            LOG.warn("fingerprint index refresh failed", e);
        }
    }

    private void commitQuietly() {
        try {
            index.commit();
        } catch (RuntimeException e) {
            LOG.warn("fingerprint index commit failed", e);
        }
    }
}
