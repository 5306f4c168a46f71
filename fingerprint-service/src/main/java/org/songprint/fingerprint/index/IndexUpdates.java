package org.songprint.fingerprint.index;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.songprint.common.event.FingerprintEvent;

/**
 * Keeps the index current from the {@code fingerprints} topic (every replica reads every partition
 * under its own consumer group). Upserts and deletes are idempotent, so a redelivery changes nothing.
 */
@ApplicationScoped
public class IndexUpdates {

    private final FingerprintIndex index;

    public IndexUpdates(FingerprintIndex index) {
        this.index = index;
    }

    @Incoming("fingerprint-updates")
    public void apply(FingerprintEvent event) {
        if (event == null) {
            return;
        }
        switch (event.operation()) {
            case UPSERT -> {
                // A fingerprint's items never change: one this replica's importer already added is
                // not rewritten (a Lucene update is a delete plus an add, and deletes cost merges).
                if (!index.contains(event.fingerprintId())) {
                    index.upsert(new IndexedFingerprint(event.fingerprintId(), event.length(), event.hashes()));
                }
            }
            case DELETE -> index.delete(event.fingerprintId());
        }
    }
}
