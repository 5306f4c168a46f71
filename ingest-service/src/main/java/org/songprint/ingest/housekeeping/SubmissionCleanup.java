package org.songprint.ingest.housekeeping;

import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes handled submissions older than the retention (30 days by default) with their outcomes, in
 * chunks so no statement holds locks for long. Unhandled submissions are never deleted.
 */
@ApplicationScoped
public class SubmissionCleanup {

    private static final Logger LOG = Logger.getLogger(SubmissionCleanup.class);

    private final Pool client;
    private final int retentionDays;
    private final int chunk;

    public SubmissionCleanup(Pool client, HousekeepingConfig config) {
        this.client = client;
        this.retentionDays = config.handledRetentionDays();
        this.chunk = config.chunk();
    }

    @Scheduled(every = "${songprint.housekeeping.every:1h}", delayed = "${songprint.housekeeping.delay:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        long deleted = deleteOldHandled();
        if (deleted > 0) {
            LOG.infof("housekeeping: deleted %d handled submissions older than %d days", deleted, retentionDays);
        }
    }

    /** Deletes every handled submission older than the retention; returns how many. */
    public long deleteOldHandled() {
        long total = 0;
        int deleted;
        do {
            deleted = client.preparedQuery("""
                    DELETE FROM submission WHERE id IN (
                        SELECT id FROM submission
                         WHERE handled AND handled_at < now() - make_interval(days => $1)
                         LIMIT $2)""")
                    .execute(Tuple.of(retentionDays, chunk)).await().atMost(Duration.ofMinutes(5)).rowCount();
            total += deleted;
        } while (deleted == chunk);
        return total;
    }
}
