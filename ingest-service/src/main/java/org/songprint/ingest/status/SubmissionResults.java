package org.songprint.ingest.status;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.songprint.common.event.SubmissionResultEvent;

/**
 * Consumes import outcomes from the {@code submission-results} topic. Idempotent: a redelivered
 * outcome finds its row and changes nothing. The offset is committed once the row is written; while
 * the database is away the write is retried, so no outcome is dropped.
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
    public Uni<Void> record(SubmissionResultEvent result) {
        if (result == null) {
            return Uni.createFrom().voidItem();
        }
        return repository.record(result)
                .onFailure(SubmissionResults::isTransient).retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).indefinitely()
                .onFailure().recoverWithItem(e -> {
                    // a result for a submission this database does not have (another environment's topic)
                    LOG.warnf("ignoring the result of submission %d: %s", result.submissionId(), e.getMessage());
                    return false;
                })
                .replaceWithVoid();
    }

    private static boolean isTransient(Throwable e) {
        return !(e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()));
    }
}
