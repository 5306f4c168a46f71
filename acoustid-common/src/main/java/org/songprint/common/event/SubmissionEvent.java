package org.songprint.common.event;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.UUID;

/**
 * An accepted submission (topic {@link Topics#SUBMISSIONS}), one per stored submission row. The
 * importer is idempotent by {@code submissionId}.
 */
public record SubmissionEvent(
        int schemaVersion,
        long submissionId,
        @JsonSerialize(using = CompactFingerprintJson.Serializer.class)
        @JsonDeserialize(using = CompactFingerprintJson.Deserializer.class)
        int[] fingerprint,
        int length,
        Integer bitrate,
        String format,
        UUID mbid,
        UUID puid,
        String foreignId,
        SubmittedMeta meta,
        int applicationId,
        String applicationVersion,
        int accountId,
        Instant created) implements Event {

    /** 2: items in {@link CompactFingerprintJson}'s string form (1: an array of numbers, still read). */
    public static final int SCHEMA_VERSION = 2;
}
