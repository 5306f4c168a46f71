package org.songprint.fingerprint.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;
import org.songprint.fingerprint.index.packed.ExcerptTerms;
import org.songprint.fingerprint.index.packed.PackedFingerprintIndex;

/** Settings of the fingerprint index. */
@ConfigMapping(prefix = "songprint.index")
public interface IndexConfig {

    /**
     * log2 of the number of term buckets of the packed index (22: about 29 postings per bucket at a
     * million fingerprints). An existing index keeps the value it was built with.
     */
    @WithDefault("22")
    int bucketBits();

    /** Directory of the index; kept across restarts so a restart does not rebuild it. */
    @WithDefault("${java.io.tmpdir}/songprint/fingerprint-index")
    String path();

    /** Candidates (ranked by shared query terms) scored with the full comparison per query. */
    @WithDefault("40")
    int candidates();

    /**
     * How often the index's readers are refreshed, in milliseconds. Until then the fingerprints upserted
     * since the last reopen are searched from memory: the importer's are searchable as soon as its
     * batch is written, those from the {@code fingerprints} topic within this interval.
     */
    @WithDefault("1000")
    long refreshIntervalMs();

    /** How often pending changes are committed to disk, in milliseconds. */
    @WithDefault("5000")
    long commitIntervalMs();

    /** How often the database is polled for fingerprints that arrived without an event, in milliseconds. */
    @WithDefault("5000")
    long pollIntervalMs();

    /**
     * How often every id the index holds is compared with the database's (besides at start), in
     * milliseconds: a pass over the primary key, ~0.3 s per million fingerprints.
     */
    @WithDefault("600000")
    long reconcileIntervalMs();

    /** Rows read from the database per batch when the index catches up. */
    @WithDefault("2000")
    int loadBatchSize();

    /**
     * An index of at least this many fingerprints with more than {@link #maxSegments()} segments after
     * its start-up catch-up is merged down to {@link #mergedSegments()} in the background.
     */
    @WithDefault("100000")
    long forceMergeAfter();

    /** Segments tolerated before a start-up merge (see forceMergeAfter). */
    @WithDefault("8")
    int maxSegments();

    /** Segments a full build is merged down to, as far as {@link #maxSegmentFingerprints()} allows. */
    @WithDefault("1")
    int mergedSegments();

    /**
     * Fingerprints one segment holds at most: a build from the database cuts a segment every that
     * many, and merges stop below it. A segment's build needs ~1.3 kB of heap per fingerprint while
     * it runs; a lookup searches every segment. Unset: as many as build in a third of the maximum
     * heap, at most 2,097,152 ({@link PackedFingerprintIndex#maxSegmentFingerprintsFor}).
     */
    Optional<Integer> maxSegmentFingerprints();

    /**
     * The indexing buffer an engine may use while an empty index is built from the database, in
     * megabytes (the packed engine sizes its own; at most a quarter of the maximum heap is used).
     */
    @WithDefault("256")
    double buildRamBufferMb();

    /** Excerpt lookups ({@code excerpt=1}): postings of every fingerprint's terms with their positions. */
    Excerpt excerpt();

    interface Excerpt {

        /** Off, the index keeps no excerpt postings (no memory, no build time) and excerpt lookups are refused. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The classifiers (0 to 15, two bits each, 0 the top bits of an item) whose bits make an excerpt
         * term: by default the twelve that a clip's own frame grid, MP3 and noise change least (see
         * docs/fingerprint-index.md, "Excerpts").
         */
        @WithDefault("0,1,2,3,5,6,8,10,11,12,14,15")
        List<Integer> classifiers();

        /** One term value in this many is indexed, on both sides. */
        @WithDefault("" + ExcerptTerms.DEFAULT_SAMPLE)
        int sample();
    }
}
