package org.songprint.common.event;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
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
        @JsonSerialize(using = CompactFingerprintJson.Serializer.class)
        @JsonDeserialize(using = CompactFingerprintJson.Deserializer.class)
        int[] hashes,
        Instant created) implements Event {

    /** 2: items in {@link CompactFingerprintJson}'s string form (1: an array of numbers, still read). */
    public static final int SCHEMA_VERSION = 2;

    /**
     * Kafka header naming the {@link Operation} (optional): with it and the record key (the
     * fingerprint id) a consumer can skip an upsert it already holds without parsing the hashes.
     */
    public static final String OPERATION_HEADER = "operation";

    /** What happened to the fingerprint. */
    public enum Operation {
        UPSERT,
        DELETE
    }
}
