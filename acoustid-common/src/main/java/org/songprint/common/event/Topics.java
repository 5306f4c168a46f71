package org.songprint.common.event;

/** Names of the suite's Kafka topics (created by ./stack from scripts/topics.conf, by Strimzi in k8s). */
public final class Topics {
    /** Accepted submissions, published by ingest-service's outbox relay. */
    public static final String SUBMISSIONS = "submissions";
    /** Import outcomes, published by fingerprint-service. */
    public static final String SUBMISSION_RESULTS = "submission-results";
    /** Fingerprint index updates; every fingerprint-service replica reads all of them. */
    public static final String FINGERPRINTS = "fingerprints";
    /** Compacted: the latest state of every API key, keyed by the key. */
    public static final String APPLICATIONS = "applications";
    /** One event per lookup, for statistics. */
    public static final String LOOKUPS = "lookups";
    /** MBIDs newly linked to a track, for metadata prefetch. */
    public static final String MBID_LINKS = "mbid-links";

    private Topics() {
    }
}
