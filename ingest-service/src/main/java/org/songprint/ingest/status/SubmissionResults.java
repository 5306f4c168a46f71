package org.songprint.ingest.status;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.songprint.common.event.SubmissionResultEvent;

/**
 * Consumes import outcomes from the {@code submission-results} topic in batches (one transaction
 * each). Idempotent: a redelivered outcome finds its row and changes nothing. The offsets are
 * committed once the rows are written; while the database is away the write is retried, so no
 * outcome is dropped.
 */
@ApplicationScoped
public class SubmissionResults {

    private static final Logger LOG = Logger.getLogger(SubmissionResults.class);
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final SubmissionResultRepository repository;

    public SubmissionResults(SubmissionResultRepository repository) {
        this.repository = repository;
    }

    @Incoming("submission-results")
    public Uni<Void> record(List<SubmissionResultEvent> batch) {
        List<SubmissionResultEvent> results = batch.stream().filter(Objects::nonNull).toList();
        return repository.record(results)
                .onFailure(SubmissionResults::isTransient).retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).indefinitely()
                .onFailure().recoverWithItem(e -> {
                    // a submission deleted between the check and the insert (housekeeping): nothing to record
                    LOG.warnf("ignoring %d submission results: %s", results.size(), e.getMessage());
                    return 0;
                })
                .invoke(recorded -> LOG.debugf("submission results: %d received, %d recorded", results.size(), recorded))
                .replaceWithVoid();
    }

    private static boolean isTransient(Throwable e) {
        return !(e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()));
    }
}
