package org.songprint.account.stats;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
import org.songprint.common.failure.BoundedTries;
import org.songprint.common.failure.ParkedPipeline;
import org.songprint.common.failure.ParkedRecords;

/**
 * Consumes the {@code submissions} topic in batches (a group of its own, beside the importer's): the
 * offsets are committed after the batch's transaction, which skips submissions it has counted, so a
 * crash between the two counts nothing twice. It reads the records' headers (submission, account,
 * time), not the fingerprints. Anonymous submissions (no account) are not counted. A database outage
 * is waited out; a record that cannot be counted (neither headers nor a readable event, or refused by
 * the database) is parked after bounded tries (pipeline {@code submission-stats}), and the records
 * behind it are counted.
 */
@ApplicationScoped
public class SubmissionStatsConsumer {

    static final String PIPELINE = "submission-stats";
    private static final Logger LOG = Logger.getLogger(SubmissionStatsConsumer.class);
    /** AcoustID's top contributors are those of the last 5 days. */
    static final Duration TOP_ACCOUNTS_WINDOW = Duration.ofDays(5);

    private final SubmissionStatsRepository repository;
    private final EventDeserializer.Submission deserializer = new EventDeserializer.Submission();
    private final ParkedPipeline parked;
    private final BoundedTries tries;

    public SubmissionStatsConsumer(SubmissionStatsRepository repository, Pool pool, MeterRegistry registry,
            StatsConfig config) {
        this.repository = repository;
        this.parked = new ParkedPipeline(PIPELINE, new ParkedRecords(pool), registry, record -> count(List.of(record)));
        this.tries = new BoundedTries(PIPELINE, parked, config.maxAttempts());
    }

    @Incoming("submission-stats")
    public Uni<Void> onBatch(ConsumerRecords<String, byte[]> batch) {
        return tries.apply(batch, this::count);
    }

    public ParkedPipeline parked() {
        return parked;
    }

    /** The records' submissions in one transaction; an unreadable record fails it (and is parked on its own). */
    private Uni<Integer> count(List<ConsumerRecord<String, byte[]>> records) {
        List<Submitted> submissions = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            Submitted submitted = SubmissionHeaders.read(record.headers()).orElseGet(() -> parse(record));
            if (submitted != null && submitted.accountId() > 0 && submitted.created() != null) {
                submissions.add(submitted);
            }
        }
        return repository.apply(submissions)
                .invoke(fresh -> LOG.debugf("submission statistics: %d events, %d new", submissions.size(), fresh));
    }

    /** Records published without the headers (and replayed ones, kept without headers): the event itself. */
    private Submitted parse(ConsumerRecord<String, byte[]> record) {
        SubmissionEvent event = record.value() == null ? null : deserializer.deserialize(record.topic(), record.value());
        return event == null ? null : Submitted.of(event);
    }

    @Scheduled(every = "${songprint.stats.top-accounts-every:10m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rebuildTopAccounts() {
        return repository.rebuildTopAccounts(TOP_ACCOUNTS_WINDOW)
                .invoke(accounts -> LOG.debugf("top accounts: %d", accounts))
                .replaceWithVoid();
    }
}
