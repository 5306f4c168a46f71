package org.songprint.account.stats;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Forgets the ids the statistics consumers recorded to count each event once: a redelivery comes
 * within minutes, not weeks, and a week is longer than the top contributors' 5-day window.
 */
@ApplicationScoped
public class StatsEventCleanup {

    private static final Logger LOG = Logger.getLogger(StatsEventCleanup.class);
    static final Duration REMEMBER = Duration.ofDays(7);

    private final LookupStatsRepository lookups;
    private final SubmissionStatsRepository submissions;

    public StatsEventCleanup(LookupStatsRepository lookups, SubmissionStatsRepository submissions) {
        this.lookups = lookups;
        this.submissions = submissions;
    }

    @Scheduled(every = "${songprint.stats.cleanup-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetOldEventIds() {
        return lookups.forgetEventsOlderThan(REMEMBER)
                .flatMap(lookupIds -> submissions.forgetEventsOlderThan(REMEMBER)
                        .invoke(submissionIds -> LOG.debugf("forgot %d lookup and %d submission event ids", lookupIds,
                                submissionIds)))
                .replaceWithVoid();
    }
}
