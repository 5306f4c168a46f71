package org.songprint.common.failure;

import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a consumer puts a record it gave up on, so the records behind it flow on. */
@FunctionalInterface
public interface Parking {

    /** Keeps the record with the reason; parking the same record again changes nothing. */
    Uni<Void> park(ConsumerRecord<String, byte[]> record, String reason, int attempts);
}
