package org.songprint.common.failure;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record a pipeline could not process, kept with why: where it came from (so a redelivery
 * parks it once), its key and value bytes as received, the last failure and how many tries it had.
 * Headers are not kept: every consumer reads what it needs from the value.
 */
public record ParkedRecord(long id, String pipeline, String topic, int partition, long offset, String key,
        byte[] payload, String reason, int attempts, Instant parked) {

    /** The record as its consumer first received it, to process it again. */
    public ConsumerRecord<String, byte[]> toConsumerRecord() {
        return new ConsumerRecord<>(topic, partition, offset, key, payload);
    }

    public int payloadSize() {
        return payload == null ? 0 : payload.length;
    }
}
