package org.songprint.common.event;

import java.time.Instant;
import java.util.UUID;

/** The outcome of importing one submission (topic {@link Topics#SUBMISSION_RESULTS}). */
public record SubmissionResultEvent(
        int schemaVersion,
        long submissionId,
        Status status,
        Long trackId,
        UUID trackGid,
        Long fingerprintId,
        String reason,
        Instant created) implements Event {

    public static final int SCHEMA_VERSION = 1;

    /** Whether the submission made it into the fingerprint database. */
    public enum Status {
        IMPORTED,
        REJECTED
    }
}
