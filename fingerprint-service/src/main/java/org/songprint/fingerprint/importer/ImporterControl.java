package org.songprint.fingerprint.importer;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.ClusterSecret;
import org.songprint.common.failure.ParkedAnswers;
import org.songprint.common.failure.ParkedRecordsEndpoint;
import org.songprint.common.failure.ParkedRecordsOperations;
import org.songprint.fingerprint.index.IndexLifecycle;

/**
 * Pausing and resuming the importer for operators (the answer names its state once it holds), and
 * the submissions it parked: listed, and imported again after a fix.
 */
@ApplicationScoped
public class ImporterControl implements ParkedRecordsOperations {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final SubmissionConsumer consumer;
    private final IndexLifecycle indexLifecycle;
    private final ClusterSecret secret;
    private final ParkedRecordsEndpoint parked;

    public ImporterControl(SubmissionConsumer consumer, IndexLifecycle indexLifecycle,
            ClusterSecret secret) {
        this.consumer = consumer;
        this.indexLifecycle = indexLifecycle;
        this.secret = secret;
        this.parked = new ParkedRecordsEndpoint(this.secret, List.of(consumer.parked()));
    }

    /** The parked submissions, oldest first, with why each failed (payloads not listed). */
    @Override
    public Uni<ParkedAnswers.Listed> list(ApiParams params) {
        return parked.list(params);
    }

    /** Imports parked submissions again: all, or those of the {@code id}s; each one imported is released. */
    @Override
    public Uni<ParkedAnswers.Replayed> replay(ApiParams params) {
        secret.require(params);
        if (!indexLifecycle.loaded()) {
            // an import against a half-loaded index would start new tracks for known recordings
            throw ApiException.serviceUnavailable();
        }
        return parked.replay(params);
    }

    /** Answers once the batch in hand is imported and no more are taken (or after 30 s, still pausing). */
    public Uni<ImporterState> pause(ApiParams params) {
        secret.require(params);
        consumer.pause();
        return state(true);
    }

    public Uni<ImporterState> resume(ApiParams params) {
        secret.require(params);
        consumer.resume();
        return state(false);
    }

    private Uni<ImporterState> state(boolean paused) {
        // polls the importer thread's state every 50 ms; the answer reads it afresh at the end
        return Uni.createFrom().item(consumer::paused)
                .repeat().withDelay(Duration.ofMillis(50)).until(now -> now == paused)
                .collect().last()
                .ifNoItem().after(SETTLE).recoverWithItem(false)
                .map(ignored -> new ImporterState(
                        new ImporterState.Importer(consumer.paused(), consumer.importedCount(), consumer.rejectedCount())));
    }
}
