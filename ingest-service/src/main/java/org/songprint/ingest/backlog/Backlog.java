package org.songprint.ingest.backlog;

/**
 * How far the pipeline is behind: outbox rows not yet published, rows parked after failed tries,
 * submissions without an outcome,
 * and the unconsumed records of the importer's and the outcome consumer's groups (null when Kafka
 * cannot be asked).
 */
public record Backlog(long outboxUnsent, double oldestUnsentSeconds, long outboxParked, long pending, double oldestPendingSeconds,
        Long importerLag, Long resultsLag) {
}
