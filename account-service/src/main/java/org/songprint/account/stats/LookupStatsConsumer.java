package org.songprint.account.stats;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.LookupEvent;
import org.songprint.common.failure.BoundedTries;
import org.songprint.common.failure.ParkedPipeline;
import org.songprint.common.failure.ParkedRecords;

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
    private static final Logger LOG = Logger.getLogger(LookupStatsConsumer.class);

    private final LookupStatsRepository repository;
    private final EventDeserializer.Lookup deserializer = new EventDeserializer.Lookup();
    private final ParkedPipeline parked;
    private final BoundedTries tries;

    public LookupStatsConsumer(LookupStatsRepository repository, Pool pool, MeterRegistry registry,
            StatsConfig config) {
        this.repository = repository;
        this.parked = new ParkedPipeline(PIPELINE, new ParkedRecords(pool), registry, record -> count(List.of(record)));
        this.tries = new BoundedTries(PIPELINE, parked, config.maxAttempts());
    }

    @Incoming("lookups")
    public Uni<Void> onBatch(ConsumerRecords<String, byte[]> batch) {
        return tries.apply(batch, this::count);
    }

    public ParkedPipeline parked() {
        return parked;
    }

    /** The records' events in one transaction; an unreadable record fails it (and is parked on its own). */
    private Uni<Integer> count(List<ConsumerRecord<String, byte[]>> records) {
        List<LookupEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            LookupEvent event = deserializer.deserialize(record.topic(), record.value());
            // schema 1 events (one per lookup, before the counts were batched) carry no tallies: skipped
            if (event != null && event.eventId() != null && event.tallies() != null) {
                events.add(event);
            }
        }
        return repository.apply(events)
                .invoke(fresh -> LOG.debugf("lookup statistics: %d events, %d new", events.size(), fresh));
    }
}
