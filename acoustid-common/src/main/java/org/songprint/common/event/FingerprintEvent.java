package org.songprint.common.event;

import java.time.Instant;

/**
 * A change of a fingerprint the index must apply (topic {@link Topics#FINGERPRINTS}): a new or moved
 * fingerprint ({@code UPSERT}) or a removed one ({@code DELETE}, hashes empty).
 */
public record FingerprintEvent(
        int schemaVersion,
        Operation operation,
        long fingerprintId,
        long trackId,
        int length,
        int[] hashes,
        Instant created) implements Event {

    public static final int SCHEMA_VERSION = 1;

    /** What happened to the fingerprint. */
    public enum Operation {
        UPSERT,
        DELETE
    }
}
