package org.songprint.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * An accepted submission (topic {@link Topics#SUBMISSIONS}), one per stored submission row. The
 * importer is idempotent by {@code submissionId}.
 */
public record SubmissionEvent(
        int schemaVersion,
        long submissionId,
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

    public static final int SCHEMA_VERSION = 1;
}
