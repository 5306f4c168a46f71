package org.songprint.account.stats;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionHeaders;
import org.songprint.common.event.SubmissionHeaders.Submitted;
import org.songprint.common.failure.BatchPipeline;
import org.songprint.common.failure.ParkedPipeline;

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
    private final BatchPipeline<Submitted> pipeline;

    public SubmissionStatsConsumer(SubmissionStatsRepository repository, Pool pool, MeterRegistry registry,
            StatsConfig config) {
        this.repository = repository;
        this.pipeline = new BatchPipeline<>(PIPELINE, pool, registry, config.maxAttempts(), this::countable,
                repository::apply);
    }

    @Incoming("submission-stats")
    public Uni<Void> onBatch(ConsumerRecords<String, byte[]> batch) {
        return pipeline.apply(batch);
    }

    public ParkedPipeline parked() {
        return pipeline.parked();
    }

    /** The record's submission if it counts: from its headers, else from the event; anonymous ones do not. */
    private Submitted countable(ConsumerRecord<String, byte[]> record) {
        Submitted submitted = SubmissionHeaders.read(record.headers()).orElseGet(() -> parse(record));
        return submitted != null && submitted.accountId() > 0 && submitted.created() != null ? submitted : null;
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
