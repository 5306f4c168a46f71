package org.songprint.fingerprint.importer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of the submission importer. */
@ConfigMapping(prefix = "songprint.import")
public interface ImportConfig {

    /** Whether this replica imports submissions (index-only replicas may turn it off). */
    @WithDefault("true")
    boolean enabled();

    /** Accepted submissions, published by ingest-service. */
    @WithDefault("submissions")
    String submissionsTopic();

    /** Where import outcomes go (consumed by ingest-service). */
    @WithDefault("submission-results")
    String resultsTopic();

    /** Where new fingerprints go (consumed by the index of every replica). */
    @WithDefault("fingerprints")
    String fingerprintsTopic();

    /** Where newly linked MBIDs go (consumed by metadata-service for prefetch). */
    @WithDefault("mbid-links")
    String mbidLinksTopic();

    /** Consumer group of the importers: the partitions of the submissions topic are shared by it. */
    @WithDefault("fingerprint-importer")
    String groupId();

    /** Submissions imported per database transaction (and per Kafka poll). */
    @WithDefault("200")
    int batchSize();

    /**
     * Tries a batch gets when it fails for another reason than an outage (which is waited out, never
     * counted); then its submissions are imported one at a time, and one that fails on its own is
     * parked (see {@code /internal/importer/parked}) so the others import.
     */
    @WithDefault("3")
    int maxAttempts();

    /** Index candidates scored per submission (AcoustID's slow mode looks wider than a lookup). */
    @WithDefault("80")
    int candidates();

    /** Where a new consumer group starts: earliest (every stored submission) or latest. */
    @WithDefault("earliest")
    String offsetReset();

    /**
     * Static group membership id of this replica (unique per replica, stable across its restarts,
     * e.g. the pod name): a restarted importer gets its partitions back at once instead of after
     * the session timeout. Empty for dynamic membership.
     */
    @WithDefault("${HOSTNAME:}")
    Optional<String> instanceId();
}
