package org.songprint.fingerprint.dump;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.songprint.common.background.BackgroundLoop;
import org.songprint.common.event.Event;
import org.songprint.common.event.KafkaClients;
import org.songprint.common.event.MbidLinkEvent;
import org.songprint.fingerprint.importer.ImportConfig;
import org.songprint.fingerprint.stats.CatalogueTotals;

/**
 * Makes the rest of the suite consistent with a catalogue import ({@code ./stack import}, which
 * writes the database only): the catalogue's totals are counted at once, and every imported MBID
 * link goes to the {@code mbid-links} topic, as the importer of submissions sends new links, so
 * metadata-service prefetches the recordings, at {@code prefetch-per-second}. The links of an import
 * are the rows its transaction wrote ({@code changed} = its {@code xid}). One replica at a time works
 * on an import (its row is locked while a batch is sent); progress is kept in the row, so a restart
 * resumes, and a batch sent twice changes nothing (the prefetch finds the recording cached). Each
 * replica's own index finds the imported fingerprints through its database follower.
 */
@ApplicationScoped
public class ImportFollowUp {

    private static final Logger LOG = Logger.getLogger(ImportFollowUp.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final Pool client;
    private final CatalogueTotals totals;
    private final KafkaClients kafka;
    private final String topic;
    private final int perSecond;
    private final BackgroundLoop loop;
    private KafkaProducer<String, Event> producer;
    // the import whose totals this replica counted: a batch that fails (Kafka away) does not count again
    private String counted;

    public ImportFollowUp(Pool client, CatalogueTotals totals, KafkaClients kafka, ImportConfig imports, ImportFollowUpConfig config) {
        this.client = client;
        this.totals = totals;
        this.kafka = kafka;
        this.topic = imports.mbidLinksTopic();
        this.perSecond = Math.max(1, Math.min(config.prefetchPerSecond(), 5_000));
        this.loop = new BackgroundLoop("catalogue-import-follow-up", this::step, config.checkEvery(), Duration.ofSeconds(5),
                Duration.ofMinutes(1), LOG);
    }

    void onStart(@Observes StartupEvent event) {
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop(Duration.ofSeconds(5));
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Looks now rather than at the next interval. */
    public void wake() {
        loop.wake();
    }

    /** One second's batch of one import's links; MORE while that import has more. */
    BackgroundLoop.Outcome step() {
        long started = System.nanoTime();
        var pending = client.query("SELECT sent_up_to, manifest_sha256 FROM catalogue_import WHERE followed_up IS NULL "
                + "ORDER BY imported LIMIT 1").execute().await().atMost(TIMEOUT);
        if (!pending.iterator().hasNext()) {
            return BackgroundLoop.Outcome.IDLE;
        }
        Row first = pending.iterator().next();
        if (first.getInteger("sent_up_to") == 0 && !first.getString("manifest_sha256").equals(counted)) {
            counted = first.getString("manifest_sha256");
            LOG.infof("catalogue import %s: counting the catalogue and sending its MBID links for prefetch (%d a second)",
                    first.getString("manifest_sha256"), perSecond);
            countTotals();
        }
        Batch batch = client.withTransaction(this::sendBatch).await().atMost(TIMEOUT);
        if (batch == null) {
            return BackgroundLoop.Outcome.IDLE;
        }
        if (batch.done()) {
            LOG.infof("catalogue import %s followed up: %d MBID links sent for metadata prefetch", batch.manifest(), batch.sent());
            return BackgroundLoop.Outcome.MORE;
        }
        // paced: a full batch is a second's worth
        long left = Duration.ofSeconds(1).toNanos() - (System.nanoTime() - started);
        if (left > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return BackgroundLoop.Outcome.MORE;
    }

    private record Batch(String manifest, long sent, boolean done) {
    }

    private record Link(int id, UUID mbid, int trackId, UUID trackGid) {
    }

    private Uni<Batch> sendBatch(SqlConnection connection) {
        return connection.query("""
                SELECT manifest_sha256, xid::text AS xid, sent_up_to, mbids_sent FROM catalogue_import
                WHERE followed_up IS NULL ORDER BY imported LIMIT 1 FOR UPDATE SKIP LOCKED""").execute()
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    String manifest = row.getString("manifest_sha256");
                    int upTo = row.getInteger("sent_up_to");
                    long sentBefore = row.getLong("mbids_sent");
                    return connection.preparedQuery("""
                            SELECT tm.id, tm.mbid, tm.track_id, t.gid FROM track_mbid tm JOIN track t ON t.id = tm.track_id
                            WHERE tm.changed = $1::xid8 AND NOT tm.disabled AND tm.id > $2 ORDER BY tm.id LIMIT $3""")
                            .execute(Tuple.of(row.getString("xid"), upTo, perSecond))
                            .flatMap(found -> {
                                List<Link> links = new ArrayList<>();
                                for (Row link : found) {
                                    links.add(new Link(link.getInteger("id"), link.getUUID("mbid"), link.getInteger("track_id"),
                                            link.getUUID("gid")));
                                }
                                boolean done = links.size() < perSecond;
                                int last = links.isEmpty() ? upTo : links.get(links.size() - 1).id();
                                long sent = sentBefore + links.size();
                                return publish(links).flatMap(ignored -> connection.preparedQuery("""
                                        UPDATE catalogue_import SET sent_up_to = $2, mbids_sent = $3,
                                               followed_up = CASE WHEN $4 THEN now() END
                                        WHERE manifest_sha256 = $1""").execute(Tuple.of(manifest, last, sent, done)))
                                        .map(ignored -> new Batch(manifest, sent, done));
                            });
                });
    }

    /** On this loop's thread: the count waits for its answer, which an event loop must never do. */
    private void countTotals() {
        try {
            totals.count();
        } catch (RuntimeException e) {
            LOG.warnf("catalogue totals not counted after the import: %s", e.toString());
        }
    }

    /** Sends the links and completes once the broker has every one. */
    private Uni<Void> publish(List<Link> links) {
        if (links.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        KafkaProducer<String, Event> sender = producer();
        Instant now = Instant.now();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Link link : links) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            sender.send(new ProducerRecord<>(topic, link.mbid().toString(),
                    new MbidLinkEvent(MbidLinkEvent.SCHEMA_VERSION, link.mbid(), link.trackId(), link.trackGid(), now)),
                    (metadata, failure) -> {
                        if (failure == null) {
                            ack.complete(null);
                        } else {
                            ack.completeExceptionally(failure);
                        }
                    });
            acks.add(ack);
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
    }

    private synchronized KafkaProducer<String, Event> producer() {
        if (producer == null) {
            producer = kafka.reliableProducer("catalogue-import-follow-up");
        }
        return producer;
    }
}
