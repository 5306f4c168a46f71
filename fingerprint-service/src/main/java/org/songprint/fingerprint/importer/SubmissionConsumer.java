package org.songprint.fingerprint.importer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.songprint.common.background.BackgroundLoop;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.KafkaClients;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionResultEvent;
import org.songprint.common.failure.Failures;
import org.songprint.common.failure.ParkedPipeline;
import org.songprint.common.failure.ParkedRecords;
import org.songprint.common.metrics.PhaseTimings;
import org.songprint.fingerprint.index.FingerprintIndex;
import org.songprint.fingerprint.index.IndexLifecycle;

/**
 * Reads the {@code submissions} topic with manual commits: poll a batch, import it in one
 * transaction, make the new fingerprints searchable here, publish the outcomes, and only then commit
 * the offsets. Killed anywhere in between, the batch is delivered again and the importer, idempotent
 * by submission id, reports it instead of importing it twice. While the database or the broker is
 * away the batch is retried with back-off; nothing is skipped. A batch that fails for anything else
 * ({@link Failures#isOutage}) is tried {@code max-attempts} times, then imported one submission at a
 * time, and a submission that fails on its own is parked (pipeline {@code importer}, no outcome is
 * published for it: it stays pending in ingest-service until replayed), so the others import.
 */
@ApplicationScoped
public class SubmissionConsumer {

    private static final Logger LOG = Logger.getLogger(SubmissionConsumer.class);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    // phases of the loop's own timings, beside the importer's
    private static final int INDEXING = 0;
    private static final int WAITING_FOR_ACKS = 1;
    private static final int POLLING = 2;
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(60);

    private final SubmissionImporter importer;
    private final FingerprintIndex index;
    private final IndexLifecycle indexLifecycle;
    private final ImportConfig config;
    private final KafkaClients kafkaClients;
    private final EventDeserializer.Submission deserializer = new EventDeserializer.Submission();
    private final AtomicLong imported = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final PhaseTimings timings = new PhaseTimings("indexing", "waiting for acknowledgements", "polling");
    private final BackgroundLoop loop;
    private volatile boolean assigned;
    private volatile boolean pauseRequested;
    private volatile boolean paused;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final ParkedPipeline parked;
    // replays run on request threads, beside the loop: they publish with a producer of their own
    private ImportedEvents replayEvents;

    public SubmissionConsumer(SubmissionImporter importer, FingerprintIndex index, IndexLifecycle indexLifecycle,
            ImportConfig config, MeterRegistry registry, Pool pool,
            KafkaClients kafkaClients) {
        registry.more().counter("songprint.import.submissions", Tags.of("outcome", "imported"), imported);
        registry.more().counter("songprint.import.submissions", Tags.of("outcome", "rejected"), rejected);
        this.importer = importer;
        this.index = index;
        this.indexLifecycle = indexLifecycle;
        this.config = config;
        this.kafkaClients = kafkaClients;
        this.parked = new ParkedPipeline("importer", new ParkedRecords(pool), registry, this::replay);
        // one round is a whole consumer session; a failed one is started afresh 5 s later
        this.loop = new BackgroundLoop("submission-importer", this::session, Duration.ofMillis(200),
                Duration.ofSeconds(5), Duration.ofSeconds(5), LOG).interruptedBy(() -> {
                    KafkaConsumer<String, byte[]> current = consumer;
                    if (current != null) {
                        current.wakeup();
                    }
                });
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("submission importer disabled on this replica");
            return;
        }
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop(Duration.ofSeconds(30));
        synchronized (this) {
            if (replayEvents != null) {
                replayEvents.close();
                replayEvents = null;
            }
        }
    }

    /** Whether this replica has been given its share of the topic's partitions. */
    public boolean assigned() {
        return assigned;
    }

    /**
     * Stops importing after the batch in hand, keeping the partitions (no rebalance): submissions
     * wait in the topic until {@link #resume()}. For operators, e.g. while the database is
     * maintained; lookups go on.
     */
    public void pause() {
        pauseRequested = true;
    }

    public void resume() {
        pauseRequested = false;
    }

    /** Whether the importer has stopped importing on request (its last batch settled). */
    public boolean paused() {
        return paused;
    }

    public long importedCount() {
        return imported.get();
    }

    public long rejectedCount() {
        return rejected.get();
    }

    /** The submissions this importer gave up on, and their replay. */
    public ParkedPipeline parked() {
        return parked;
    }

    /** One consumer session, from subscribing to the end of {@link #loop} (stopping) or a failure. */
    private BackgroundLoop.Outcome session() {
        // Decisions need the whole catalogue: an import searching a half-loaded index would start
        // new tracks for recordings the database already has.
        if (!indexLifecycle.loaded()) {
            return BackgroundLoop.Outcome.IDLE;
        }
        try (ImportedEvents events = new ImportedEvents(kafkaClients, config);
                KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(SubmissionsKafka.consumerConfig(kafkaClients, config),
                        new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(config.submissionsTopic()), new Assignment(kafka));
            loop(kafka, events);
        } catch (WakeupException stopping) {
            return BackgroundLoop.Outcome.IDLE;
        } finally {
            consumer = null;
            assigned = false;
        }
        return BackgroundLoop.Outcome.MORE;
    }

    /**
     * Batch after batch; the events of a batch travel to the broker while the next batch is imported,
     * and its offsets are committed once they are acknowledged, before the next batch's events are sent.
     */
    private void loop(KafkaConsumer<String, byte[]> kafka, ImportedEvents events) {
        long backoff = 0;
        // failures in a row that were not outages: the batch at the head of the partitions holds a
        // submission that cannot be imported (every retry rewinds to it)
        int failedTries = 0;
        InFlight inFlight = null;
        while (loop.running()) {
            if (pauseRequested) {
                kafka.pause(kafka.assignment()); // also partitions assigned since the request
            } else if (paused) {
                kafka.resume(kafka.paused());
                paused = false;
                LOG.info("submission importer: resumed");
            }
            long polling = System.nanoTime();
            ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(inFlight == null ? 500 : 10));
            timings.add(POLLING, System.nanoTime() - polling);
            try {
                if (records.isEmpty()) {
                    if (inFlight != null) {
                        settle(kafka, inFlight);
                        inFlight = null;
                    }
                    if (pauseRequested && !paused) {
                        paused = true; // nothing in hand any more
                        LOG.info("submission importer: paused on request");
                    }
                    continue;
                }
                if (failedTries >= config.maxAttempts()) {
                    if (inFlight != null) {
                        settle(kafka, inFlight);
                        inFlight = null;
                    }
                    importOneByOne(kafka, records, events);
                    failedTries = 0;
                    backoff = 0;
                    continue;
                }
                List<ImportOutcome> outcomes = importAndIndex(records);
                if (inFlight != null) {
                    settle(kafka, inFlight);
                    inFlight = null;
                }
                inFlight = new InFlight(records, events.send(outcomes));
                count(outcomes);
                reportThroughput();
                backoff = 0;
                failedTries = 0;
            } catch (WakeupException stopping) {
                throw stopping;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (Failures.isOutage(e)) {
                    // waited out however long it lasts; it says nothing about the submissions
                    backoff = Math.min(10_000, Math.max(500, backoff * 2));
                } else {
                    failedTries++;
                    backoff = 200L * failedTries;
                }
                LOG.warnf("submission import of %d records failed (%s), retrying in %d ms: %s", records.count(),
                        Failures.isOutage(e) ? "outage" : "try " + failedTries + " of " + config.maxAttempts(), backoff,
                        Failures.reason(e));
                SubmissionsKafka.rewind(kafka, records);
                if (inFlight != null) {
                    // its events may not have arrived: deliver that batch again as well (seeking to
                    // its earlier offsets last, so they win where both batches share a partition)
                    SubmissionsKafka.rewind(kafka, inFlight.records());
                    inFlight = null;
                }
                sleep(backoff);
            }
        }
    }

    /** Imports a polled batch (its readable records) and makes its new fingerprints searchable here. */
    private List<ImportOutcome> importAndIndex(ConsumerRecords<String, byte[]> records) {
        List<SubmissionEvent> submissions = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            SubmissionEvent submission = parse(record);
            if (submission != null) {
                submissions.add(submission);
            }
        }
        List<ImportOutcome> outcomes = submissions.isEmpty() ? List.of() : importer.importBatch(submissions);
        long indexing = System.nanoTime();
        makeSearchable(outcomes);
        timings.add(INDEXING, System.nanoTime() - indexing);
        return outcomes;
    }

    private void makeSearchable(List<ImportOutcome> outcomes) {
        for (ImportOutcome outcome : outcomes) {
            // a redelivered submission's fingerprint is usually indexed already
            if (outcome.indexed() != null && !index.contains(outcome.indexed().id())) {
                index.upsert(outcome.indexed());
            }
        }
        index.refresh();
    }

    /** Waits for a sent batch's acknowledgements, then commits its offsets; throws to retry it. */
    private void settle(KafkaConsumer<String, byte[]> kafka, InFlight batch) throws Exception {
        long waiting = System.nanoTime();
        try {
            batch.sent().await();
        } finally {
            timings.add(WAITING_FOR_ACKS, System.nanoTime() - waiting);
        }
        kafka.commitSync(SubmissionsKafka.nextOffsets(batch.records()));
    }

    /** A batch whose events were sent but whose offsets are not committed yet. */
    private record InFlight(ConsumerRecords<String, byte[]> records, ImportedEvents.Sent sent) {
    }

    private long reportedCount;

    private void reportThroughput() {
        PhaseTimings.Summary since = timings.drainIfDue(REPORT_EVERY);
        if (since != null) {
            long total = imported.get() + rejected.get();
            LOG.infof("submission importer: %d submissions in the last %.0f s (%.0f/s; %s, %s), "
                    + "%d imported and %d rejected since start", total - reportedCount, since.seconds(),
                    (total - reportedCount) / since.seconds(), importer.drainTimings(), since.phases(),
                    imported.get(), rejected.get());
            reportedCount = total;
        }
    }

    private SubmissionEvent parse(ConsumerRecord<String, byte[]> record) {
        try {
            SubmissionEvent event = deserializer.deserialize(record.topic(), record.value());
            if (event == null) {
                throw new IllegalArgumentException("empty record");
            }
            return event;
        } catch (RuntimeException e) {
            // Nothing to import or report (no readable submission id), and no retry will change that:
            // parked at once, so it can be looked at (and replayed once this code reads it).
            parked.park(record, Failures.reason(e), 1).await().atMost(DATABASE_WAIT);
            return null;
        }
    }

    /**
     * A batch that failed {@code max-attempts} times: each submission imported, indexed and published
     * alone, so a failure belongs to that submission, which is parked. An outage still fails the whole
     * batch, to be retried (the submissions imported alone meanwhile are reported again, not imported).
     */
    private void importOneByOne(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records,
            ImportedEvents events) throws Exception {
        LOG.warnf("submission importer: %d records failed %d times; importing them one at a time", records.count(),
                config.maxAttempts());
        for (ConsumerRecord<String, byte[]> record : records) {
            SubmissionEvent submission = parse(record);
            if (submission == null) {
                continue;
            }
            try {
                importAndPublish(submission, events);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (Failures.isOutage(e)) {
                    throw e;
                }
                parked.park(record, Failures.reason(e), config.maxAttempts() + 1).await().atMost(DATABASE_WAIT);
            }
        }
        kafka.commitSync(SubmissionsKafka.nextOffsets(records));
    }

    /** One submission through the whole path, waiting for the broker's acknowledgements. */
    private void importAndPublish(SubmissionEvent submission, ImportedEvents events) throws Exception {
        List<ImportOutcome> outcomes = importer.importBatch(List.of(submission));
        makeSearchable(outcomes);
        events.send(outcomes).await();
        count(outcomes);
    }

    /** Imports a parked submission again (an operator's replay), on a worker thread. */
    private Uni<Void> replay(ConsumerRecord<String, byte[]> record) {
        return Uni.createFrom().<Void>emitter(done -> {
            try {
                SubmissionEvent submission = deserializer.deserialize(record.topic(), record.value());
                if (submission == null) {
                    throw new IllegalArgumentException("empty record");
                }
                importAndPublish(submission, replayEvents());
                done.complete(null);
            } catch (Exception e) {
                done.fail(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private synchronized ImportedEvents replayEvents() {
        if (replayEvents == null) {
            replayEvents = new ImportedEvents(kafkaClients, config);
        }
        return replayEvents;
    }

    private void count(List<ImportOutcome> outcomes) {
        for (ImportOutcome outcome : outcomes) {
            if (outcome.status() == SubmissionResultEvent.Status.IMPORTED) {
                imported.incrementAndGet();
            } else {
                rejected.incrementAndGet();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Resolves the starting positions as soon as partitions arrive, so {@link #assigned()} means ready. */
    private final class Assignment implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> kafka;

        Assignment(KafkaConsumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(kafka::position);
            if (pauseRequested) {
                kafka.pause(partitions); // before the poll that assigned them returns their records
            }
            assigned = true;
            LOG.infof("submission importer: partitions %s", kafka.assignment());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are committed after every batch, before the next poll: nothing to flush
        }
    }
}
