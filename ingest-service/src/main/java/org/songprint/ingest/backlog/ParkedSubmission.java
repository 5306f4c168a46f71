package org.songprint.ingest.backlog;

import java.time.Instant;

/** An outbox row the relay gave up on: which submission, how many tries, the last failure, and when. */
public record ParkedSubmission(long submissionId, int attempts, String reason, Instant parked) {
}
