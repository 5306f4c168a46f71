package org.songprint.ingest.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.SubmissionResultEvent;
import org.songprint.common.failure.BatchPipeline;
import org.songprint.common.failure.ParkedPipeline;

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

    private final BatchPipeline<SubmissionResultEvent> pipeline;

    public SubmissionResults(SubmissionResultRepository repository, Pool pool, MeterRegistry registry,
            ResultsConfig config) {
        EventDeserializer.SubmissionResult deserializer = new EventDeserializer.SubmissionResult();
        this.pipeline = new BatchPipeline<>(PIPELINE, pool, registry, config.maxAttempts(),
                record -> deserializer.deserialize(record.topic(), record.value()), repository::record);
    }

    @Incoming("submission-results")
    public Uni<Void> onBatch(ConsumerRecords<String, byte[]> batch) {
        return pipeline.apply(batch);
    }

    public ParkedPipeline parked() {
        return pipeline.parked();
    }
}
