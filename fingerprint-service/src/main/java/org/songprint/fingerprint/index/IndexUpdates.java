package org.songprint.fingerprint.index;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.FingerprintEvent;

/**
 * Keeps the index current from the {@code fingerprints} topic (every replica reads every partition
 * under its own consumer group). Upserts and deletes are idempotent, so a redelivery changes nothing.
 */
@ApplicationScoped
public class IndexUpdates {

    private static final Logger LOG = Logger.getLogger(IndexUpdates.class);
    private static final byte[] UPSERT = FingerprintEvent.Operation.UPSERT.name().getBytes(StandardCharsets.US_ASCII);

    private final FingerprintIndex index;
    private final EventDeserializer.Fingerprint deserializer = new EventDeserializer.Fingerprint();

    public IndexUpdates(FingerprintIndex index) {
        this.index = index;
    }

    @Incoming("fingerprint-updates")
    public void apply(ConsumerRecord<String, byte[]> record) {
        // A fingerprint's items never change: one this replica already holds (most often one its own
        // importer just added) is not rewritten, and then not even parsed (a Lucene update is a delete
        // plus an add, and deletes cost merges).
        if (isUpsert(record) && heldAlready(record.key())) {
            return;
        }
        FingerprintEvent event;
        try {
            event = record.value() == null ? null : deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.errorf("skipping unreadable fingerprint event %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (event == null) {
            return;
        }
        switch (event.operation()) {
            case UPSERT -> {
                if (!index.contains(event.fingerprintId())) {
                    index.upsert(new IndexedFingerprint(event.fingerprintId(), event.length(), event.hashes()));
                }
            }
            case DELETE -> index.delete(event.fingerprintId());
        }
    }

    private static boolean isUpsert(ConsumerRecord<String, byte[]> record) {
        Header operation = record.headers().lastHeader(FingerprintEvent.OPERATION_HEADER);
        return operation != null && Arrays.equals(operation.value(), UPSERT);
    }

    private boolean heldAlready(String key) {
        try {
            return key != null && index.contains(Long.parseLong(key));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
