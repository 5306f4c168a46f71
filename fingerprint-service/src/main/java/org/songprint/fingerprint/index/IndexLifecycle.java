package org.songprint.fingerprint.index;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Owns the fingerprint index: opens it at start, catches it up with the database in the background
 * ({@link IndexCatchUp}: the fingerprints added since its last commit, so a restart does not rebuild
 * it, then an exact comparison of ids; readiness waits for both), keeps polling the database
 * ({@link DatabaseFollower}), refreshes readers and commits periodically, and closes it at shutdown.
 */
@ApplicationScoped
public class IndexLifecycle {

    private static final Logger LOG = Logger.getLogger(IndexLifecycle.class);

    private final IndexConfig config;
    private final IndexCatchUp catchUp;
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

    public IndexLifecycle(IndexConfig config, IndexCatchUp catchUp) {
        this.config = config;
        this.catchUp = catchUp;
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

    /** Whether the index has caught up with the database since start: it held every id the database did. */
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
        DatabaseFollower follower = null;
        while (follower == null && !maintenance.isShutdown()) {
            try {
                follower = catchUp.run(index, loaderPool);
                loaded = true;
                loadError = null;
                // also after a restart that interrupted a merge
                if (index.size() >= config.forceMergeAfter() && index.segmentCount() > config.maxSegments()) {
                    mergeInBackground();
                }
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // shutting down
                }
                loadError = e.toString();
                LOG.error("fingerprint index could not catch up with the database; retrying in 5 s", e);
            } catch (InterruptedException e) {
                return;
            }
            if (follower == null && !sleepUnlessStopped(5000)) {
                return;
            }
        }
        // Safety net behind the fingerprints topic (DatabaseFollower), on this thread: a poll that
        // finds many rows must not hold up the maintenance timer's refreshes and commits.
        while (!maintenance.isShutdown() && sleepUnlessStopped(config.pollIntervalMs())) {
            try {
                follower.poll();
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                LOG.warnf("fingerprint index: polling the database failed: %s", e.toString());
            }
        }
    }

    // false once interrupted (shutting down)
    private static boolean sleepUnlessStopped(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
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
