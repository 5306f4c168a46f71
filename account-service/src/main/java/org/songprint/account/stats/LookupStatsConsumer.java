package org.songprint.account.stats;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.LookupEvent;
import org.songprint.common.failure.BatchPipeline;
import org.songprint.common.failure.ParkedPipeline;

/**
 * Consumes the {@code lookups} topic (each event the counts of one fingerprint-service replica
 * over a second or so) in batches; the offsets are committed after the batch's
 * transaction, and the transaction skips events it has seen, so a crash between the two counts
 * nothing twice. A database outage is waited out; an event that cannot be counted (unreadable, or
 * refused by the database) is parked after bounded tries (pipeline {@code lookup-stats}), and the
 * events behind it are counted.
 */
@ApplicationScoped
public class LookupStatsConsumer {

    static final String PIPELINE = "lookup-stats";

    private final EventDeserializer.Lookup deserializer = new EventDeserializer.Lookup();
    private final BatchPipeline<LookupEvent> pipeline;

    public LookupStatsConsumer(LookupStatsRepository repository, Pool pool, MeterRegistry registry,
            StatsConfig config) {
        this.pipeline = new BatchPipeline<>(PIPELINE, pool, registry, config.maxAttempts(), this::countable,
                repository::apply);
    }

    @Incoming("lookups")
    public Uni<Void> onBatch(ConsumerRecords<String, byte[]> batch) {
        return pipeline.apply(batch);
    }

    public ParkedPipeline parked() {
        return pipeline.parked();
    }

    private LookupEvent countable(ConsumerRecord<String, byte[]> record) {
        LookupEvent event = deserializer.deserialize(record.topic(), record.value());
        // schema 1 events (one per lookup, before the counts were batched) carry no tallies: skipped
        return event != null && event.eventId() != null && event.tallies() != null ? event : null;
    }
}
