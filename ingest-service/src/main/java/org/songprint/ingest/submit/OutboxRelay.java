package org.songprint.ingest.submit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;
import org.songprint.common.background.BackgroundLoop;
import org.songprint.common.chromaprint.FingerprintArrays;
import org.songprint.common.chromaprint.FingerprintSimHash;
import org.songprint.common.event.Event;
import org.songprint.common.event.KafkaClients;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionHeaders;
import org.songprint.common.metrics.PhaseTimings;

/**
 * The transactional outbox relay: publishes stored submissions whose outbox row is not yet sent to
 * the {@code submissions} topic, and marks them sent only after the broker acknowledged them. Rows
 * are locked with {@code FOR UPDATE SKIP LOCKED}, so several ingest replicas share the work. A crash
 * between publishing and marking publishes a submission again: delivery is at least once, and the
 * importer is idempotent by submission id. While Kafka is down nothing is marked, and the backlog
 * drains when it returns.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

    private final Pool client;
    private final String topic;
    private final KafkaClients kafka;
    private final int batchSize;
    private final int maxAttempts;
    private final BackgroundLoop loop;
    // where the time goes, logged every 10 s while it publishes: reading a batch (with the connection),
    // publishing it (until the broker acknowledged every record), and marking it sent
    private final PhaseTimings timings = new PhaseTimings("reading", "publishing", "marking sent");
    private KafkaProducer<String, Event> producer;

    public OutboxRelay(Pool client, OutboxConfig config, KafkaClients kafka) {
        this.client = client;
        this.topic = config.topic();
        this.kafka = kafka;
        this.batchSize = config.batchSize();
        this.maxAttempts = config.maxAttempts();
        this.loop = new BackgroundLoop("outbox-relay",
                () -> relayOnce() < batchSize ? BackgroundLoop.Outcome.IDLE : BackgroundLoop.Outcome.MORE,
                Duration.ofMillis(config.idlePollMs()), Duration.ofMillis(500), Duration.ofSeconds(10), LOG);
    }

    void onStart(@Observes StartupEvent event) {
        producer = kafka.reliableProducer("ingest-outbox");
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop(Duration.ofSeconds(10));
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Asks the relay to look for new rows now (after a submit), instead of at its next idle poll. */
    public void wakeUp() {
        loop.wake();
    }

    /**
     * Publishes one batch of unsent submissions; returns how many rows it settled (published or
     * counted as a failed try). A record the broker refuses for what it is (too large, unreadable) is
     * a try of that row only: the rest of the batch is marked sent, and the row is parked once it has
     * failed {@code max-attempts} times. A broker that cannot be reached fails the whole round, which
     * counts no try and is retried with back-off: an outage is waited out, never parked.
     */
    int relayOnce() throws Exception {
        long started = System.nanoTime();
        SqlConnection connection = client.getConnection().await().atMost(Duration.ofSeconds(10));
        Exception outage = null;
        int settled;
        try {
            Transaction tx = connection.begin().await().atMost(Duration.ofSeconds(10));
            try {
                RowSet<Row> rows = connection.preparedQuery("""
                        SELECT p.id AS outbox_id, s.* FROM pending_submission p
                        JOIN submission s ON s.id = p.submission_id
                        WHERE p.sent IS NULL AND p.parked IS NULL ORDER BY p.id LIMIT $1 FOR UPDATE OF p SKIP LOCKED""")
                        .execute(Tuple.of(batchSize)).await().atMost(Duration.ofSeconds(30));
                if (rows.size() == 0) {
                    tx.rollback().await().atMost(Duration.ofSeconds(10));
                    return 0;
                }
                long selected = System.nanoTime();
                List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
                List<Integer> outboxIds = new ArrayList<>(rows.size());
                List<Tuple> failedTries = new ArrayList<>();
                for (Row row : rows) {
                    int outboxId = row.getInteger("outbox_id");
                    try {
                        SubmissionEvent event = toEvent(row);
                        String key = Integer.toHexString(FingerprintSimHash.of(event.fingerprint()));
                        ProducerRecord<String, Event> record = new ProducerRecord<>(topic, key, event);
                        SubmissionHeaders.write(record.headers(), event);
                        acks.add(producer.send(record));
                        outboxIds.add(outboxId);
                    } catch (RuntimeException e) {
                        // the row cannot become a record at all (unreadable data, serialisation)
                        failedTries.add(failedTry(outboxId, e));
                    }
                }
                List<Integer> sent = new ArrayList<>(outboxIds.size());
                for (int i = 0; i < acks.size(); i++) {
                    try {
                        acks.get(i).get(20, TimeUnit.SECONDS);
                        sent.add(outboxIds.get(i));
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof RetriableException) {
                            outage = e;
                        } else {
                            failedTries.add(failedTry(outboxIds.get(i), e.getCause()));
                        }
                    } catch (TimeoutException e) {
                        outage = e;
                    }
                }
                long published = System.nanoTime();
                // Marking rows sent need not wait for the WAL flush: a mark lost in a database crash
                // only publishes those submissions again, and the importer is idempotent.
                connection.query("SET LOCAL synchronous_commit TO OFF").execute().await().atMost(Duration.ofSeconds(10));
                if (!sent.isEmpty()) {
                    connection.preparedQuery("UPDATE pending_submission SET sent = now() WHERE id = ANY($1)")
                            .execute(Tuple.of(sent.toArray(Integer[]::new))).await().atMost(Duration.ofSeconds(30));
                }
                if (!failedTries.isEmpty()) {
                    connection.preparedQuery("""
                            UPDATE pending_submission SET attempts = attempts + 1, last_error = $2,
                                   parked = CASE WHEN attempts + 1 >= $3 THEN now() END
                            WHERE id = $1 RETURNING submission_id, parked IS NOT NULL AS parked""")
                            .executeBatch(failedTries).await().atMost(Duration.ofSeconds(30));
                }
                tx.commit().await().atMost(Duration.ofSeconds(10));
                timings.addRound(sent.size(), selected - started, published - selected, System.nanoTime() - published);
                report();
                if (!failedTries.isEmpty()) {
                    LOG.warnf("outbox relay: %d submissions could not be published (%s); each is parked after %d tries",
                            failedTries.size(), failedTries.get(0).getString(1), maxAttempts);
                }
                settled = sent.size() + failedTries.size();
            } catch (Exception e) {
                tx.rollback().await().atMost(Duration.ofSeconds(10));
                throw e;
            }
        } finally {
            connection.close().await().atMost(Duration.ofSeconds(10));
        }
        if (outage != null) {
            // what was acknowledged is marked; the rest waits for the broker, with back-off
            throw outage;
        }
        return settled;
    }

    private Tuple failedTry(int outboxId, Throwable cause) {
        String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return Tuple.of(outboxId, reason.length() > 500 ? reason.substring(0, 500) : reason, maxAttempts);
    }

    private void report() {
        PhaseTimings.Summary since = timings.drainIfDue(REPORT_EVERY);
        if (since != null && since.rounds() > 0) {
            LOG.infof("outbox relay: %d submissions in %d batches in the last %.0f s (%s; slowest batch %d ms)",
                    since.items(), since.rounds(), since.seconds(), since.phases(), since.slowestRoundMillis());
        }
    }

    private static SubmissionEvent toEvent(Row row) {
        int[] fingerprint = FingerprintArrays.unbox(row.getArrayOfIntegers("fingerprint"));
        Short bitrate = row.getShort("bitrate");
        Object meta = row.getValue("meta");
        OffsetDateTime created = row.getOffsetDateTime("created");
        return new SubmissionEvent(SubmissionEvent.SCHEMA_VERSION, row.getInteger("id"), fingerprint, row.getShort("length"),
                bitrate == null ? null : bitrate.intValue(), row.getString("format"), row.getUUID("mbid"), row.getUUID("puid"),
                row.getString("foreignid"), SubmissionRepository.meta(meta instanceof JsonObject json ? json : null),
                row.getInteger("application_id"), row.getString("application_version"), row.getInteger("account_id"),
                created.toInstant());
    }
}
