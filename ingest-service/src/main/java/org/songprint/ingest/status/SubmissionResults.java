package org.songprint.ingest.status;

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
import org.songprint.common.event.SubmissionResultEvent;
import org.songprint.common.failure.BoundedTries;
import org.songprint.common.failure.ParkedPipeline;
import org.songprint.common.failure.ParkedRecords;

/**
 * Consumes import outcomes from the {@code submission-results} topic in batches (one transaction
 * each). Idempotent: a redelivered outcome finds its row and changes nothing. The offsets are
 * committed once the rows are written. While the database is away the write is retried for as long
 * as it takes, so no outcome is dropped; an outcome that cannot be recorded for another reason
 * (unreadable, refused by the database) is parked after bounded tries (pipeline
 * {@code submission-results}, see {@link ParkedResultsService}), and the outcomes behind it are
 * recorded. Its submission stays pending until the parked outcome is replayed.
 */
@ApplicationScoped
public class SubmissionResults {

    static final String PIPELINE = "submission-results";
    private static final Logger LOG = Logger.getLogger(SubmissionResults.class);

    private final SubmissionResultRepository repository;
    private final EventDeserializer.SubmissionResult deserializer = new EventDeserializer.SubmissionResult();
    private final ParkedPipeline parked;
    private final BoundedTries tries;

    public SubmissionResults(SubmissionResultRepository repository, Pool pool, MeterRegistry registry,
            ResultsConfig config) {
        this.repository = repository;
        this.parked = new ParkedPipeline(PIPELINE, new ParkedRecords(pool), registry, record -> record(List.of(record)));
        this.tries = new BoundedTries(PIPELINE, parked, config.maxAttempts());
    }

    @Incoming("submission-results")
    public Uni<Void> onBatch(ConsumerRecords<String, byte[]> batch) {
        return tries.apply(batch, this::record);
    }

    public ParkedPipeline parked() {
        return parked;
    }

    /** The records' outcomes in one transaction; an unreadable record fails it (and is parked on its own). */
    private Uni<Integer> record(List<ConsumerRecord<String, byte[]>> records) {
        List<SubmissionResultEvent> results = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            SubmissionResultEvent result = deserializer.deserialize(record.topic(), record.value());
            if (result != null) {
                results.add(result);
            }
        }
        return repository.record(results)
                .invoke(recorded -> LOG.debugf("submission results: %d received, %d recorded", results.size(), recorded));
    }
}
