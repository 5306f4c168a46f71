package org.songprint.account.stats;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionHeaders;
import org.songprint.common.event.SubmissionHeaders.Submitted;

/**
 * Consumes the {@code submissions} topic in batches (a group of its own, beside the importer's): the
 * offsets are committed after the batch's transaction, which skips submissions it has counted, so a
 * crash between the two counts nothing twice. It reads the records' headers (submission, account,
 * time), not the fingerprints. Anonymous submissions (no account) are not counted.
 */
@ApplicationScoped
public class SubmissionStatsConsumer {

    private static final Logger LOG = Logger.getLogger(SubmissionStatsConsumer.class);
    /** AcoustID's top contributors are those of the last 5 days. */
    static final Duration TOP_ACCOUNTS_WINDOW = Duration.ofDays(5);

    private final SubmissionStatsRepository repository;
    private final EventDeserializer.Submission deserializer = new EventDeserializer.Submission();

    public SubmissionStatsConsumer(SubmissionStatsRepository repository) {
        this.repository = repository;
    }

    @Incoming("submission-stats")
    public Uni<Void> onBatch(ConsumerRecords<String, byte[]> batch) {
        List<Submitted> submissions = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, byte[]> record : batch) {
            Submitted submitted = SubmissionHeaders.read(record.headers()).orElseGet(() -> parse(record));
            if (submitted != null && submitted.accountId() > 0 && submitted.created() != null) {
                submissions.add(submitted);
            }
        }
        return repository.apply(submissions)
                .invoke(fresh -> LOG.debugf("submission statistics: %d events, %d new", submissions.size(), fresh))
                .replaceWithVoid();
    }

    /** Records published without the headers: the facts from the event itself. */
    private Submitted parse(ConsumerRecord<String, byte[]> record) {
        try {
            SubmissionEvent event = record.value() == null ? null : deserializer.deserialize(record.topic(), record.value());
            return event == null ? null : Submitted.of(event);
        } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable submission %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return null;
        }
    }

    @Scheduled(every = "${songprint.stats.top-accounts-every:10m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rebuildTopAccounts() {
        return repository.rebuildTopAccounts(TOP_ACCOUNTS_WINDOW)
                .invoke(accounts -> LOG.debugf("top accounts: %d", accounts))
                .replaceWithVoid();
    }
}
