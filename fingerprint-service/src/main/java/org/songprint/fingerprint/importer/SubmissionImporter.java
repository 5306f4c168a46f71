package org.songprint.fingerprint.importer;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.metrics.PhaseTimings;
import org.songprint.fingerprint.index.FingerprintIndex;
import org.songprint.fingerprint.index.FingerprintMatch;
import org.songprint.fingerprint.index.SearchOptions;

/**
 * Imports a batch of submissions in one transaction, with AcoustID's rules: rejects what AcoustID
 * skips, reads what the decisions need, lets {@link ImportPlanner} decide (find the track whose every
 * fingerprint resembles the submission, count the submission on an identical fingerprint or add a
 * new one, or start a new track; link the MBID, PUID, metadata and foreign id with their provenance)
 * and {@link ImportWriter} write the decisions, then reports one outcome per submission.
 *
 * <p>Exactly once: a submission already recorded in {@code fingerprint_source} is reported, not
 * imported again. No duplicate tracks: within a batch, decisions are taken one after the other and
 * see the batch's own new fingerprints. Across importers, a batch first takes transaction advisory
 * locks on its submissions' SimHashes and then reads the stored fingerprints whose SimHash is the
 * same or one bit off from the database, so two imports of near-identical fingerprints run one after
 * the other and the second sees the first even before any index holds it. The SimHash is also the
 * Kafka key of a submission, so such submissions usually reach the same importer anyway.
 */
@ApplicationScoped
public class SubmissionImporter {

    private static final Logger LOG = Logger.getLogger(SubmissionImporter.class);

    private final Pool pool;
    private final ImportRepository repository;
    private final ImportWriter writer;
    private final FingerprintIndex index;
    private final int candidates;
    private final ImportPlanner planner = new ImportPlanner(UUID::randomUUID);
    private final PhaseTimings timings = new PhaseTimings(Phase.names());

    public SubmissionImporter(Pool pool, ImportRepository repository, ImportWriter writer, FingerprintIndex index,
            ImportConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.writer = writer;
        this.index = index;
        this.candidates = config.candidates();
    }

    /**
     * Imports the submissions and returns one outcome per submission, in order. Throws when the
     * database cannot be used (nothing was written then; the caller retries the batch later).
     */
    public List<ImportOutcome> importBatch(List<SubmissionEvent> submissions) {
        Map<Long, ImportOutcome> outcomes = new LinkedHashMap<>();
        List<Candidate> accepted = new ArrayList<>();
        for (SubmissionEvent submission : submissions) {
            String reason = rejection(submission);
            Candidate candidate = reason == null ? Candidate.of(submission) : null;
            if (candidate != null && candidate.terms().length == 0) {
                reason = "fingerprint has no searchable content";
            }
            if (reason != null) {
                outcomes.put(submission.submissionId(), ImportOutcome.rejected(submission.submissionId(), reason));
            } else if (!outcomes.containsKey(submission.submissionId())) {
                outcomes.put(submission.submissionId(), null);
                accepted.add(candidate);
            }
        }
        if (!accepted.isEmpty()) {
            try {
                inTransaction(accepted).forEach(outcome -> outcomes.put(outcome.submissionId(), outcome));
            } catch (PgException e) {
                if (!isPermanent(e)) {
                    throw e;
                }
                // One submission the database refuses must not hold back the others: import one by one.
                LOG.warnf("import batch refused by the database (%s); importing its %d submissions one by one",
                        e.getMessage(), accepted.size());
                for (Candidate candidate : accepted) {
                    outcomes.put(candidate.submissionId(), importAlone(candidate));
                }
            }
        }
        List<ImportOutcome> ordered = new ArrayList<>(submissions.size());
        for (SubmissionEvent submission : submissions) {
            ordered.add(outcomes.get(submission.submissionId()));
        }
        return ordered;
    }

    private ImportOutcome importAlone(Candidate candidate) {
        try {
            return inTransaction(List.of(candidate)).get(0);
        } catch (PgException e) {
            if (!isPermanent(e)) {
                throw e;
            }
            LOG.warnf("submission %d rejected by the database: %s", candidate.submissionId(), e.getMessage());
            return ImportOutcome.rejected(candidate.submissionId(), "invalid submission: " + e.getMessage());
        }
    }

    /** Where batch time went since the last call (for the throughput log), and resets it. */
    String drainTimings() {
        return timings.drain().phases();
    }

    /** Why AcoustID would skip this submission, or null to import it (an empty query is checked on its Candidate). */
    static String rejection(SubmissionEvent submission) {
        if (!TrackLink.isGiven(submission.mbid()) && !TrackLink.isGiven(submission.puid())
                && NormalizedMeta.of(submission.meta()) == null) {
            return "no MBID, PUID or metadata";
        }
        int[] hashes = submission.fingerprint();
        if (hashes == null || uniqueItems(hashes) < ImportRules.MIN_UNIQUE_ITEMS) {
            return "fingerprint has fewer than " + ImportRules.MIN_UNIQUE_ITEMS + " distinct items";
        }
        if (submission.length() <= 0 || submission.length() > Short.MAX_VALUE) {
            return "invalid duration";
        }
        return null;
    }

    private List<ImportOutcome> inTransaction(List<Candidate> batch) {
        SqlConnection connection = pool.getConnection().await().atMost(Pipeline.TIMEOUT);
        try {
            Transaction tx = connection.begin().await().atMost(Pipeline.TIMEOUT);
            List<ImportOutcome> outcomes;
            try {
                outcomes = importAll(new Pipeline(connection), batch);
                long committing = System.nanoTime();
                tx.commit().await().atMost(Pipeline.TIMEOUT);
                timings.add(Phase.COMMITTING.ordinal(), System.nanoTime() - committing);
            } catch (RuntimeException e) {
                writer.forgetCachedIds();
                try {
                    tx.rollback().await().atMost(Pipeline.TIMEOUT);
                } catch (RuntimeException ignored) {
                    // the connection is gone; the transaction is rolled back with it
                }
                throw e;
            }
            return outcomes;
        } finally {
            connection.close().await().atMost(Pipeline.TIMEOUT);
        }
    }

    /**
     * One batch in three steps: read what the decisions need (a few queries for the whole batch),
     * decide submission after submission in memory (each seeing the batch's earlier decisions), then
     * write everything with one statement per table.
     */
    private List<ImportOutcome> importAll(Pipeline pipeline, List<Candidate> batch) {
        // Locks first: an importer that imported one of these submissions a moment ago (a partition
        // moving between replicas) has committed by the time the reads behind them run. The three
        // statements share one round trip; the server runs them in this order.
        long locking = System.nanoTime();
        List<Integer> simhashes = batch.stream().map(Candidate::simhash).toList();
        repository.lock(pipeline, simhashes);
        CompletableFuture<Map<Long, TrackFingerprint>> alreadySent = repository.alreadyImported(pipeline,
                batch.stream().map(Candidate::submissionId).toList());
        // stored fingerprints with the same SimHash or one bit off: written moments ago by any
        // importer, maybe not in the index yet
        CompletableFuture<Map<Integer, List<TrackFingerprint>>> nearSent = repository.nearSimHashes(pipeline, simhashes);
        Map<Long, TrackFingerprint> already = pipeline.await(alreadySent);
        List<Candidate> todo = batch.stream().filter(c -> !already.containsKey(c.submissionId())).toList();

        long started = System.nanoTime();
        ImportPlan plan = todo.isEmpty() ? null : plan(pipeline, todo, pipeline.await(nearSent));
        long planned = System.nanoTime();
        Map<Long, ImportOutcome> written = plan == null ? Map.of() : writer.write(pipeline, plan);
        pipeline.awaitAll();
        timings.add(Phase.LOCKING.ordinal(), started - locking);
        timings.add(Phase.DECIDING.ordinal(), planned - started);
        timings.add(Phase.WRITING.ordinal(), System.nanoTime() - planned);

        List<ImportOutcome> outcomes = new ArrayList<>(batch.size());
        for (Candidate candidate : batch) {
            TrackFingerprint previous = already.get(candidate.submissionId());
            outcomes.add(previous != null ? ImportOutcome.importedBefore(candidate.submissionId(), previous)
                    : written.get(candidate.submissionId()));
        }
        return outcomes;
    }

    /**
     * The decisions: matches from the index plus the stored fingerprints near each SimHash (searches
     * see the stored fingerprints only, so they run in parallel), then every fingerprint of every
     * matched live track for the acceptance rule, then the planner.
     */
    private ImportPlan plan(Pipeline pipeline, List<Candidate> todo, Map<Integer, List<TrackFingerprint>> bySimHash) {
        List<Map<Integer, Float>> storedScores = todo.parallelStream()
                .map(candidate -> storedMatches(candidate, bySimHash)).toList();
        Set<Integer> matchedIds = new HashSet<>();
        storedScores.forEach(scores -> matchedIds.addAll(scores.keySet()));
        List<TrackFingerprint> matchedTracks = pipeline.await(repository.fingerprintsOfTracksOf(pipeline, matchedIds));
        return planner.plan(todo, storedScores, matchedTracks);
    }

    /** Stored fingerprints scoring at least the track threshold against the candidate, by id. */
    private Map<Integer, Float> storedMatches(Candidate candidate, Map<Integer, List<TrackFingerprint>> bySimHash) {
        SubmissionEvent submission = candidate.submission();
        FingerprintComparator comparator = FingerprintComparator.forCurrentThread();
        Map<Integer, Float> scores = new HashMap<>();
        for (FingerprintMatch match : index.search(submission.fingerprint(), new SearchOptions(submission.length(),
                ImportRules.MAX_LENGTH_DIFF, ImportRules.TRACK_MATCH_THRESHOLD, candidates, candidates))) {
            scores.put((int) match.fingerprintId(), match.score());
        }
        for (TrackFingerprint near : ImportRepository.neighbours(bySimHash, candidate.simhash())) {
            if (!scores.containsKey(near.id()) && Math.abs(near.length() - submission.length()) <= ImportRules.MAX_LENGTH_DIFF) {
                float score = comparator.compare2(near.hashes(), submission.fingerprint(), FingerprintComparator.ACOUSTID_MAX_OFFSET);
                if (score >= ImportRules.TRACK_MATCH_THRESHOLD) {
                    scores.put(near.id(), score);
                }
            }
        }
        return scores;
    }

    static boolean isPermanent(PgException e) {
        String state = e.getSqlState();
        // 22: data exception, 23: integrity constraint violation; anything else may pass on retry
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static int uniqueItems(int[] hashes) {
        Set<Integer> unique = new HashSet<>();
        for (int hash : hashes) {
            unique.add(hash);
            if (unique.size() >= ImportRules.MIN_UNIQUE_ITEMS) {
                break;
            }
        }
        return unique.size();
    }

    /** Where a batch's time goes, in the throughput log's order. */
    private enum Phase {
        LOCKING, DECIDING, WRITING, COMMITTING;

        static String[] names() {
            return Arrays.stream(values()).map(phase -> phase.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
        }
    }
}
