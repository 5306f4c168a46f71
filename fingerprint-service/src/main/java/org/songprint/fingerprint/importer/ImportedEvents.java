package org.songprint.fingerprint.importer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.songprint.common.event.Event;
import org.songprint.common.event.FingerprintEvent;
import org.songprint.common.event.KafkaClients;
import org.songprint.common.event.MbidLinkEvent;
import org.songprint.common.event.SubmissionResultEvent;

/**
 * Publishes what a batch of imports changed: new fingerprints for every replica's index, outcomes
 * for ingest-service and new MBID links for metadata prefetch. The caller commits its consumer
 * offsets only after {@link Sent#await} returned, so a crash in between republishes (every consumer of
 * these topics is idempotent).
 */
class ImportedEvents implements AutoCloseable {

    private final KafkaProducer<String, Event> producer;
    private final ImportConfig config;

    ImportedEvents(KafkaClients kafka, ImportConfig config) {
        this.producer = kafka.reliableProducer("fingerprint-importer");
        this.config = config;
    }

    /** Sends the batch's events; {@link Sent#await} waits for the broker's acknowledgements. */
    Sent send(List<ImportOutcome> outcomes) {
        Instant now = Instant.now();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ImportOutcome outcome : outcomes) {
            if (outcome.indexed() != null) {
                acks.add(send(config.fingerprintsTopic(), Long.toString(outcome.indexed().id()),
                        new FingerprintEvent(FingerprintEvent.SCHEMA_VERSION, FingerprintEvent.Operation.UPSERT,
                                outcome.indexed().id(), outcome.trackId(), outcome.indexed().length(),
                                outcome.indexed().hashes(), now)));
            }
            for (UUID mbid : outcome.newMbids()) {
                acks.add(send(config.mbidLinksTopic(), mbid.toString(),
                        new MbidLinkEvent(MbidLinkEvent.SCHEMA_VERSION, mbid, outcome.trackId(), outcome.trackGid(), now)));
            }
            acks.add(send(config.resultsTopic(), Long.toString(outcome.submissionId()),
                    new SubmissionResultEvent(SubmissionResultEvent.SCHEMA_VERSION, outcome.submissionId(),
                            outcome.status(), outcome.trackId() == null ? null : outcome.trackId().longValue(),
                            outcome.trackGid(),
                            outcome.fingerprintId() == null ? null : outcome.fingerprintId().longValue(),
                            outcome.reason(), now)));
        }
        return new Sent(acks);
    }

    /** A batch's events on their way to the broker. */
    record Sent(List<Future<RecordMetadata>> acks) {
        void await() throws InterruptedException, ExecutionException, TimeoutException {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private Future<RecordMetadata> send(String topic, String key, Event event) {
        ProducerRecord<String, Event> record = new ProducerRecord<>(topic, key, event);
        if (event instanceof FingerprintEvent fingerprint) {
            // lets an index that already holds the fingerprint skip the event without parsing it
            record.headers().add(FingerprintEvent.OPERATION_HEADER,
                    fingerprint.operation().name().getBytes(StandardCharsets.US_ASCII));
        }
        return producer.send(record);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
