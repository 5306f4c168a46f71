package org.songprint.fingerprint.index;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.songprint.common.background.BackgroundLoop;
import org.songprint.fingerprint.index.packed.ExcerptTerms;
import org.songprint.fingerprint.index.packed.PackedFingerprintIndex;

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
    // reads the database beside the loader during a catch-up, and runs a merge after it
    private final ExecutorService loadWorker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fingerprint-index-load-worker");
        thread.setDaemon(true);
        return thread;
    });
    private final BackgroundLoop loader;
    private final BackgroundLoop maintenance;
    private DatabaseFollower follower;
    private long nextRefresh;
    private long nextCommit;
    private volatile boolean loaded;
    private volatile String loadError;

    public IndexLifecycle(IndexConfig config, IndexCatchUp catchUp) {
        this.config = config;
        this.catchUp = catchUp;
        // "packed": the directory the engine has used since engines were selectable, so an existing
        // index is reopened, not rebuilt
        this.index = new PackedFingerprintIndex(Path.of(config.path()).resolve("packed"), config.bucketBits(),
                PackedFingerprintIndex.DEFAULT_BUFFER_CAPACITY, config.excerpt().enabled()
                        ? ExcerptTerms.ofClassifiers(config.excerpt().classifiers(), config.excerpt().sample()) : null,
                config.maxSegmentFingerprints().orElseGet(
                        () -> PackedFingerprintIndex.maxSegmentFingerprintsFor(Runtime.getRuntime().maxMemory())));
        // catches up with the database (retried every 5 s until it has), then polls it behind the
        // fingerprints topic; a shutdown interrupts a catch-up, which the next start resumes
        this.loader = new BackgroundLoop("fingerprint-index-loader", this::loadOrPoll, Duration.ofMillis(config.pollIntervalMs()),
                Duration.ofSeconds(5), Duration.ofSeconds(5), LOG).interruptedOnStop();
        // refreshes the readers and commits, each at its own interval, on a thread of their own so a
        // long poll never holds them up
        this.maintenance = new BackgroundLoop("fingerprint-index-maintenance", this::maintain,
                Duration.ofMillis(Math.min(config.refreshIntervalMs(), config.commitIntervalMs())),
                Duration.ofSeconds(1), Duration.ofSeconds(10), LOG);
    }

    @Produces
    @Singleton
    FingerprintIndex index() {
        return index;
    }

    void onStart(@Observes StartupEvent event) {
        long now = System.nanoTime();
        nextRefresh = now + TimeUnit.MILLISECONDS.toNanos(config.refreshIntervalMs());
        nextCommit = now + TimeUnit.MILLISECONDS.toNanos(config.commitIntervalMs());
        maintenance.start();
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        // Everything that writes to the index stops before it is closed.
        loader.stop(Duration.ofSeconds(10));
        maintenance.stop(Duration.ofSeconds(10));
        loadWorker.shutdownNow();
        try {
            loadWorker.awaitTermination(10, TimeUnit.SECONDS);
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

    private BackgroundLoop.Outcome loadOrPoll() throws Exception {
        if (follower != null) {
            // the safety net behind the fingerprints topic (DatabaseFollower)
            follower.poll();
            return BackgroundLoop.Outcome.IDLE;
        }
        try {
            follower = catchUp.run(index, loadWorker);
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            loadError = e.toString();
            throw e;
        }
        loaded = true;
        loadError = null;
        // also after a restart that interrupted a merge
        if (index.size() >= config.forceMergeAfter() && index.segmentCount() > config.maxSegments()) {
            mergeInBackground();
        }
        return BackgroundLoop.Outcome.IDLE;
    }

    private BackgroundLoop.Outcome maintain() {
        long now = System.nanoTime();
        if (now - nextRefresh >= 0) {
            nextRefresh = now + TimeUnit.MILLISECONDS.toNanos(config.refreshIntervalMs());
            index.refreshReaders();
        }
        if (now - nextCommit >= 0) {
            nextCommit = now + TimeUnit.MILLISECONDS.toNanos(config.commitIntervalMs());
            index.commit();
        }
        return BackgroundLoop.Outcome.IDLE;
    }

    /**
     * A freshly built index is read far more than written: merged down to one segment per few million
     * fingerprints, a query seeks each term in a few term dictionaries instead of dozens. Searches go
     * on while it merges.
     */
    private void mergeInBackground() {
        loadWorker.execute(() -> {
            long started = System.nanoTime();
            try {
                index.forceMerge(config.mergedSegments());
                LOG.infof("fingerprint index merged to %d segment(s) in %.1f s", index.segmentCount(),
                        (System.nanoTime() - started) / 1e9);
            } catch (RuntimeException e) {
                LOG.warn("fingerprint index merge failed; the index stays usable with more segments", e);
            }
        });
    }
}
