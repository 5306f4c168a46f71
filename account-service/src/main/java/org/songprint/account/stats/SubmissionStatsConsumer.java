package org.songprint.account.stats;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.songprint.common.event.SubmissionEvent;

/**
 * Consumes the {@code submissions} topic in batches (a group of its own, beside the importer's): the
 * offsets are committed after the batch's transaction, which skips submissions it has counted, so a
 * crash between the two counts nothing twice. Anonymous submissions (no account) are not counted.
 */
@ApplicationScoped
public class SubmissionStatsConsumer {

    private static final Logger LOG = Logger.getLogger(SubmissionStatsConsumer.class);
    /** AcoustID's top contributors are those of the last 5 days. */
    static final Duration TOP_ACCOUNTS_WINDOW = Duration.ofDays(5);
    /** Longer than the window, so a rebuild always finds the window's submissions. */
    private static final Duration REMEMBER_SUBMISSIONS = Duration.ofDays(7);

    private final SubmissionStatsRepository repository;

    public SubmissionStatsConsumer(SubmissionStatsRepository repository) {
        this.repository = repository;
    }

    @Incoming("submission-stats")
    public Uni<Void> onBatch(List<SubmissionEvent> batch) {
        List<SubmissionEvent> events = batch.stream().filter(Objects::nonNull)
                .filter(event -> event.accountId() > 0 && event.created() != null).toList();
        return repository.apply(events)
                .invoke(fresh -> LOG.debugf("submission statistics: %d events, %d new", events.size(), fresh))
                .replaceWithVoid();
    }

    @Scheduled(every = "${songprint.stats.top-accounts-every:10m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rebuildTopAccounts() {
        return repository.rebuildTopAccounts(TOP_ACCOUNTS_WINDOW)
                .invoke(accounts -> LOG.debugf("top accounts: %d", accounts))
                .replaceWithVoid();
    }

    @Scheduled(every = "${songprint.stats.cleanup-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetOldSubmissionIds() {
        return repository.forgetEventsOlderThan(REMEMBER_SUBMISSIONS)
                .invoke(deleted -> LOG.debugf("forgot %d counted submission ids", deleted))
                .replaceWithVoid();
    }
}
