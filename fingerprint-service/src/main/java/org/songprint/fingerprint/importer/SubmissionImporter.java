package org.songprint.fingerprint.importer;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.common.chromaprint.FingerprintSimHash;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionResultEvent.Status;
import org.songprint.common.metrics.PhaseTimings;
import org.songprint.fingerprint.importer.ImportRepository.LinkRow;
import org.songprint.fingerprint.importer.ImportRepository.TrackLink;
import org.songprint.fingerprint.index.FingerprintIndex;
import org.songprint.fingerprint.index.FingerprintMatch;
import org.songprint.fingerprint.index.IndexedFingerprint;
import org.songprint.fingerprint.index.SearchOptions;

/**
 * Imports a batch of submissions in one transaction, with AcoustID's rules: find the track whose
 * every fingerprint resembles the submission, count the submission on an identical fingerprint or
 * add a new one, or start a new track; then link the MBID, PUID, metadata and foreign id with their
 * provenance.
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
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    // phases of the importer's timings, in the order given to them
    private static final int LOCKING = 0;
    private static final int DECIDING = 1;
    private static final int WRITING = 2;
    private static final int COMMITTING = 3;

    private final Pool pool;
    private final ImportRepository repository;
    private final FingerprintIndex index;
    private final int candidates;
    private final PhaseTimings timings = new PhaseTimings("locking", "deciding", "writing", "committing");
    private final Map<String, Integer> sourceIds = new ConcurrentHashMap<>();
    private final Map<String, Integer> formatIds = new ConcurrentHashMap<>();

    public SubmissionImporter(Pool pool, ImportRepository repository, FingerprintIndex index, ImportConfig config) {
        this.pool = pool;
        this.repository = repository;
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
                    outcomes.put(candidate.submission().submissionId(), importAlone(candidate));
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
            LOG.warnf("submission %d rejected by the database: %s", candidate.submission().submissionId(), e.getMessage());
            return ImportOutcome.rejected(candidate.submission().submissionId(), "invalid submission: " + e.getMessage());
        }
    }

    /** Where batch time went since the last call (for the throughput log), and resets it. */
    String drainTimings() {
        return timings.drain().phases();
    }

    /** Why AcoustID would skip this submission, or null to import it (an empty query is checked on its Candidate). */
    static String rejection(SubmissionEvent submission) {
        boolean hasMbid = submission.mbid() != null && !isNil(submission.mbid());
        boolean hasPuid = submission.puid() != null && !isNil(submission.puid());
        if (!hasMbid && !hasPuid && NormalizedMeta.of(submission.meta()) == null) {
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
        SqlConnection connection = pool.getConnection().await().atMost(TIMEOUT);
        try {
            Transaction tx = connection.begin().await().atMost(TIMEOUT);
            List<ImportOutcome> outcomes;
            try {
                outcomes = importAll(new Pipeline(connection), batch);
                long committing = System.nanoTime();
                tx.commit().await().atMost(TIMEOUT);
                timings.add(COMMITTING, System.nanoTime() - committing);
            } catch (RuntimeException e) {
                forgetCachedIds();
                try {
                    tx.rollback().await().atMost(TIMEOUT);
                } catch (RuntimeException ignored) {
                    // the connection is gone; the transaction is rolled back with it
                }
                throw e;
            }
            return outcomes;
        } finally {
            connection.close().await().atMost(TIMEOUT);
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
                batch.stream().map(c -> c.submission().submissionId()).toList());
        // stored fingerprints with the same SimHash or one bit off: written moments ago by any
        // importer, maybe not in the index yet
        CompletableFuture<Map<Integer, List<TrackFingerprint>>> nearSent = repository.nearSimHashes(pipeline, simhashes);
        Map<Long, TrackFingerprint> already = pipeline.await(alreadySent);
        List<Candidate> todo = batch.stream().filter(c -> !already.containsKey(c.submission().submissionId())).toList();

        long started = System.nanoTime();
        BatchPlan plan = todo.isEmpty() ? null : plan(pipeline, todo, pipeline.await(nearSent));
        long planned = System.nanoTime();
        Map<Long, ImportOutcome> written = plan == null ? Map.of() : write(pipeline, plan);
        pipeline.awaitAll();
        timings.add(LOCKING, started - locking);
        timings.add(DECIDING, planned - started);
        timings.add(WRITING, System.nanoTime() - planned);

        List<ImportOutcome> outcomes = new ArrayList<>(batch.size());
        for (Candidate candidate : batch) {
            long id = candidate.submission().submissionId();
            TrackFingerprint previous = already.get(id);
            outcomes.add(previous != null
                    ? new ImportOutcome(id, Status.IMPORTED, previous.trackId(), previous.trackGid(), previous.id(),
                            new IndexedFingerprint(previous.id(), previous.length(), previous.hashes()), List.of(), null)
                    : written.get(id));
        }
        return outcomes;
    }

    private BatchPlan plan(Pipeline pipeline, List<Candidate> todo, Map<Integer, List<TrackFingerprint>> bySimHash) {
        FingerprintComparator comparator = FingerprintComparator.forCurrentThread();
        // Matches from the index, plus the stored fingerprints near each SimHash.
        // Searches are independent of each other (they see the stored fingerprints only): in parallel.
        List<Map<Integer, Float>> indexScores = todo.parallelStream()
                .map(candidate -> storedMatches(candidate, bySimHash)).toList();
        Set<Integer> matchedIds = new HashSet<>();
        indexScores.forEach(scores -> matchedIds.addAll(scores.keySet()));
        // Every fingerprint of every matched live track, for the acceptance rule.
        Map<Integer, TrackFingerprint> stored = new HashMap<>();
        Map<TrackKey, List<PlannedFingerprint>> members = new HashMap<>();
        for (TrackFingerprint fp : pipeline.await(repository.fingerprintsOfTracksOf(pipeline, matchedIds))) {
            stored.put(fp.id(), fp);
            members.computeIfAbsent(TrackKey.stored(fp.trackId(), fp.trackGid()), k -> new ArrayList<>())
                    .add(new PlannedFingerprint(fp.id(), -1, fp.length(), fp.hashes()));
        }

        BatchPlan plan = new BatchPlan();
        for (int i = 0; i < todo.size(); i++) {
            Candidate candidate = todo.get(i);
            SubmissionEvent submission = candidate.submission();
            // best score per track: stored matches, then this batch's new fingerprints
            Map<TrackKey, Float> bestPerTrack = new HashMap<>();
            Map<TrackKey, PlannedFingerprint> bestFingerprint = new HashMap<>();
            for (Map.Entry<Integer, Float> match : indexScores.get(i).entrySet()) {
                TrackFingerprint fp = stored.get(match.getKey());
                if (fp != null) {
                    offer(TrackKey.stored(fp.trackId(), fp.trackGid()), new PlannedFingerprint(fp.id(), -1, fp.length(),
                            fp.hashes()), match.getValue(), bestPerTrack, bestFingerprint);
                }
            }
            for (PlannedFingerprint fresh : plan.related(candidate)) {
                if (Math.abs(fresh.length() - submission.length()) <= ImportRules.MAX_LENGTH_DIFF) {
                    float score = comparator.compare2(fresh.hashes(), submission.fingerprint(),
                            FingerprintComparator.ACOUSTID_MAX_OFFSET);
                    if (score >= ImportRules.TRACK_MATCH_THRESHOLD) {
                        offer(plan.trackOf.get(fresh), fresh, score, bestPerTrack, bestFingerprint);
                    }
                }
            }
            List<Map.Entry<TrackKey, Float>> ranked = new ArrayList<>(bestPerTrack.entrySet());
            ranked.sort(Map.Entry.<TrackKey, Float>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(e -> e.getKey().order()));
            TrackKey chosen = null;
            for (Map.Entry<TrackKey, Float> entry : ranked.subList(0, Math.min(ranked.size(), ImportRules.MAX_CANDIDATE_TRACKS))) {
                if (acceptable(members.getOrDefault(entry.getKey(), List.of()), submission.fingerprint(),
                        submission.length(), comparator)) {
                    chosen = entry.getKey();
                    break;
                }
            }
            PlannedFingerprint target;
            TrackKey track;
            boolean created = false;
            if (chosen != null && bestPerTrack.get(chosen) > ImportRules.FINGERPRINT_REUSE_THRESHOLD) {
                track = chosen;
                target = bestFingerprint.get(chosen);
            } else {
                track = chosen != null ? chosen : plan.newTrack();
                target = new PlannedFingerprint(0, plan.newFingerprints.size(), submission.length(), submission.fingerprint());
                plan.addNew(target, candidate);
                plan.trackOf.put(target, track);
                members.computeIfAbsent(track, k -> new ArrayList<>()).add(target);
                created = true;
            }
            plan.entries.add(new PlannedImport(candidate, track, target, created));
        }
        return plan;
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

    private static void offer(TrackKey track, PlannedFingerprint fp, float score, Map<TrackKey, Float> best,
            Map<TrackKey, PlannedFingerprint> bestFingerprint) {
        Float current = best.get(track);
        if (current == null || score > current) {
            best.put(track, score);
            bestFingerprint.put(track, fp);
        }
    }

    /**
     * Writes a batch's decisions in four round trips, however many tables they touch: the new ids;
     * then tracks, fingerprints, their sources, the MBID and PUID links and the metadata and foreign
     * id rows; then the links that needed those rows, with the first links' sources; then the rest
     * of the sources. Rows go in (track, value) order, so importers cannot deadlock on them.
     */
    private Map<Long, ImportOutcome> write(Pipeline pipeline, BatchPlan plan) {
        CompletableFuture<List<Integer>> trackIdsSent = repository.nextIds(pipeline, "track_id_seq", plan.newTracks.size());
        CompletableFuture<List<Integer>> fingerprintIdsSent = repository.nextIds(pipeline, "fingerprint_id_seq",
                plan.newFingerprints.size());
        Map<String, CompletableFuture<Integer>> formatsSent = new HashMap<>();
        Map<String, CompletableFuture<Integer>> sourcesSent = new HashMap<>();
        for (PlannedImport entry : plan.entries) {
            SubmissionEvent submission = entry.candidate().submission();
            String format = formatName(submission.format());
            if (format != null && !formatIds.containsKey(format)) {
                formatsSent.computeIfAbsent(format, name -> repository.formatId(pipeline, name));
            }
            String source = sourceKey(submission);
            if (!sourceIds.containsKey(source)) {
                sourcesSent.computeIfAbsent(source, key -> repository.sourceId(pipeline, submission.applicationId(),
                        submission.accountId(), submission.applicationVersion()));
            }
        }
        List<Integer> trackIds = pipeline.await(trackIdsSent);
        for (int i = 0; i < plan.newTracks.size(); i++) {
            plan.newTracks.get(i).id = trackIds.get(i);
        }
        List<Integer> fingerprintIds = pipeline.await(fingerprintIdsSent);
        formatsSent.forEach((name, id) -> formatIds.put(name, pipeline.await(id)));
        sourcesSent.forEach((key, id) -> sourceIds.put(key, pipeline.await(id)));

        repository.insertTracks(pipeline, plan.newTracks.stream().map(t -> t.id).toList(),
                plan.newTracks.stream().map(t -> t.gid).toList());
        List<NewFingerprint> newRows = new ArrayList<>(plan.newFingerprints.size());
        for (int i = 0; i < plan.newFingerprints.size(); i++) {
            PlannedFingerprint fp = plan.newFingerprints.get(i);
            SubmissionEvent submission = plan.newFingerprintSubmissions.get(i).submission();
            String format = formatName(submission.format());
            newRows.add(new NewFingerprint(fingerprintIds.get(i), plan.trackOf.get(fp).id, fp.hashes(), fp.length(),
                    submission.bitrate(), format == null ? null : formatIds.get(format),
                    plan.newFingerprintSubmissions.get(i).simhash()));
        }
        repository.insertFingerprints(pipeline, newRows);

        Map<Long, ImportOutcome> outcomes = new HashMap<>();
        List<SourceRow> fingerprintSources = new ArrayList<>();
        Map<TrackLink, List<LinkRequest>> links = new HashMap<>();
        for (PlannedImport entry : plan.entries) {
            SubmissionEvent submission = entry.candidate().submission();
            int sourceId = sourceIds.get(sourceKey(submission));
            boolean isNew = entry.created();
            int fingerprintId = entry.fingerprint().storedId() == 0 ? fingerprintIds.get(entry.fingerprint().newIndex())
                    : entry.fingerprint().storedId();
            TrackKey track = entry.track();
            fingerprintSources.add(new SourceRow(fingerprintId, submission.submissionId(), sourceId));
            if (submission.mbid() != null && !isNil(submission.mbid())) {
                links.computeIfAbsent(TrackLink.MBID, k -> new ArrayList<>())
                        .add(new LinkRequest(track.id, submission.mbid(), submission.submissionId(), sourceId));
            }
            if (submission.puid() != null && !isNil(submission.puid())) {
                links.computeIfAbsent(TrackLink.PUID, k -> new ArrayList<>())
                        .add(new LinkRequest(track.id, submission.puid(), submission.submissionId(), sourceId));
            }
            NormalizedMeta meta = NormalizedMeta.of(submission.meta());
            if (meta != null) {
                links.computeIfAbsent(TrackLink.META, k -> new ArrayList<>())
                        .add(new LinkRequest(track.id, meta, submission.submissionId(), sourceId));
            }
            ForeignId foreignId = ForeignId.parse(submission.foreignId());
            if (foreignId != null) {
                links.computeIfAbsent(TrackLink.FOREIGN_ID, k -> new ArrayList<>())
                        .add(new LinkRequest(track.id, foreignId, submission.submissionId(), sourceId));
            }
            outcomes.put(submission.submissionId(), new ImportOutcome(submission.submissionId(), Status.IMPORTED, track.id,
                    track.gid, fingerprintId,
                    isNew ? new IndexedFingerprint(fingerprintId, submission.length(), submission.fingerprint()) : null,
                    new ArrayList<>(1), null));
        }
        repository.insertFingerprintSources(pipeline, fingerprintSources);

        // links whose values are known now, and the rows the others need first
        Map<TrackLink, CompletableFuture<Map<ImportRepository.LinkKey, ImportRepository.LinkRow>>> linked = new LinkedHashMap<>();
        for (TrackLink kind : List.of(TrackLink.MBID, TrackLink.PUID)) {
            if (links.containsKey(kind)) {
                linked.put(kind, repository.link(pipeline, kind, links.get(kind)));
            }
        }
        List<LinkRequest> metas = links.get(TrackLink.META);
        CompletableFuture<Map<UUID, Integer>> metaIds = metas == null ? null
                : repository.metaIds(pipeline, metas.stream().map(r -> (NormalizedMeta) r.value()).toList());
        List<LinkRequest> foreign = links.get(TrackLink.FOREIGN_ID);
        CompletableFuture<Map<ForeignId, Integer>> foreignIds = foreign == null ? null
                : repository.foreignIdIds(pipeline, foreign.stream().map(r -> (ForeignId) r.value()).toList());
        if (metaIds != null) {
            Map<UUID, Integer> ids = pipeline.await(metaIds);
            links.put(TrackLink.META, metas.stream().map(r -> r.withValue(ids.get(((NormalizedMeta) r.value()).gid()))).toList());
            linked.put(TrackLink.META, repository.link(pipeline, TrackLink.META, links.get(TrackLink.META)));
        }
        if (foreignIds != null) {
            Map<ForeignId, Integer> ids = pipeline.await(foreignIds);
            links.put(TrackLink.FOREIGN_ID, foreign.stream().map(r -> r.withValue(ids.get((ForeignId) r.value()))).toList());
            linked.put(TrackLink.FOREIGN_ID, repository.link(pipeline, TrackLink.FOREIGN_ID, links.get(TrackLink.FOREIGN_ID)));
        }
        for (Map.Entry<TrackLink, CompletableFuture<Map<ImportRepository.LinkKey, ImportRepository.LinkRow>>> kind : linked.entrySet()) {
            Map<ImportRepository.LinkKey, ImportRepository.LinkRow> rows = pipeline.await(kind.getValue());
            List<SourceRow> sources = new ArrayList<>(links.get(kind.getKey()).size());
            Set<ImportRepository.LinkKey> reported = new HashSet<>();
            for (LinkRequest request : links.get(kind.getKey())) {
                ImportRepository.LinkKey key = new ImportRepository.LinkKey(request.trackId(), request.value());
                ImportRepository.LinkRow row = rows.get(key);
                sources.add(new SourceRow(row.id(), request.submissionId(), request.sourceId()));
                if (kind.getKey() == TrackLink.MBID && row.inserted() && reported.add(key)) {
                    outcomes.get(request.submissionId()).newMbids().add((UUID) request.value());
                }
            }
            repository.insertLinkSources(pipeline, kind.getKey(), sources);
        }
        return outcomes;
    }

    /** AcoustID's track acceptance: every fingerprint of the track is close in length and resembles the new one. */
    private static boolean acceptable(List<PlannedFingerprint> fingerprints, int[] hashes, int length,
            FingerprintComparator comparator) {
        for (PlannedFingerprint fp : fingerprints) {
            if (Math.abs(fp.length() - length) > ImportRules.MAX_LENGTH_DIFF) {
                return false;
            }
            if (comparator.compare2(fp.hashes(), hashes, FingerprintComparator.ACOUSTID_MAX_OFFSET)
                    < ImportRules.TRACK_GROUP_THRESHOLD) {
                return false;
            }
        }
        return true;
    }

    private static String formatName(String format) {
        return format == null || format.isBlank() ? null : format.strip();
    }

    private static String sourceKey(SubmissionEvent submission) {
        return submission.applicationId() + "/" + submission.accountId() + "/" + submission.applicationVersion();
    }

    /** Cached ids (sources, formats) may name rows of a rolled-back transaction. */
    private void forgetCachedIds() {
        sourceIds.clear();
        formatIds.clear();
    }

    static boolean isPermanent(PgException e) {
        String state = e.getSqlState();
        // 22: data exception, 23: integrity constraint violation; anything else may pass on retry
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static boolean isNil(UUID uuid) {
        return uuid.getMostSignificantBits() == 0 && uuid.getLeastSignificantBits() == 0;
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

    /** A submission to import, with its SimHash and extracted query terms. */
    private record Candidate(SubmissionEvent submission, int simhash, int[] terms) {
        static Candidate of(SubmissionEvent submission) {
            return new Candidate(submission, FingerprintSimHash.of(submission.fingerprint()),
                    FingerprintComparator.extractQuery(submission.fingerprint()));
        }
    }

    /** A fingerprint a decision can point at: stored ({@code storedId} > 0) or new in this batch. */
    private record PlannedFingerprint(int storedId, int newIndex, int length, int[] hashes) {
    }

    /** A decision: the submission lands on {@code fingerprint} of {@code track}; {@code created} if it stores it. */
    private record PlannedImport(Candidate candidate, TrackKey track, PlannedFingerprint fingerprint, boolean created) {
    }

    /** A track a decision can point at: stored, or new in this batch (its id assigned when written). */
    private static final class TrackKey {
        Integer id;
        final UUID gid;
        private final int order;

        private TrackKey(Integer id, UUID gid, int order) {
            this.id = id;
            this.gid = gid;
            this.order = order;
        }

        static TrackKey stored(int id, UUID gid) {
            return new TrackKey(id, gid, id);
        }

        int order() {
            return order;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TrackKey other && gid.equals(other.gid);
        }

        @Override
        public int hashCode() {
            return gid.hashCode();
        }
    }

    /** The decisions of one batch, in submission order. */
    private static final class BatchPlan {
        final List<PlannedImport> entries = new ArrayList<>();
        final List<TrackKey> newTracks = new ArrayList<>();
        final List<PlannedFingerprint> newFingerprints = new ArrayList<>();
        final List<Candidate> newFingerprintSubmissions = new ArrayList<>();
        final Map<PlannedFingerprint, TrackKey> trackOf = new java.util.IdentityHashMap<>();
        // the batch's own small inverted index: query term / SimHash -> new fingerprints
        private final Map<Integer, List<PlannedFingerprint>> byTerm = new HashMap<>();
        private final Map<Integer, List<PlannedFingerprint>> bySimHash = new HashMap<>();

        void addNew(PlannedFingerprint fingerprint, Candidate candidate) {
            newFingerprints.add(fingerprint);
            newFingerprintSubmissions.add(candidate);
            for (int term : candidate.terms()) {
                byTerm.computeIfAbsent(term, k -> new ArrayList<>(2)).add(fingerprint);
            }
            bySimHash.computeIfAbsent(candidate.simhash(), k -> new ArrayList<>(2)).add(fingerprint);
        }

        /**
         * New fingerprints of this batch worth scoring against {@code candidate}: those sharing a
         * query term (what the index would find) or a SimHash at most one bit off; scoring every pair
         * would cost a batch of 200 some 20,000 comparisons.
         */
        Set<PlannedFingerprint> related(Candidate candidate) {
            Set<PlannedFingerprint> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (int term : candidate.terms()) {
                out.addAll(byTerm.getOrDefault(term, List.of()));
            }
            out.addAll(bySimHash.getOrDefault(candidate.simhash(), List.of()));
            for (int bit = 0; bit < 32; bit++) {
                out.addAll(bySimHash.getOrDefault(candidate.simhash() ^ (1 << bit), List.of()));
            }
            return out;
        }

        TrackKey newTrack() {
            // new tracks rank after stored ones of the same score (stable, deterministic order)
            TrackKey track = new TrackKey(null, UUID.randomUUID(), Integer.MAX_VALUE - newTracks.size());
            newTracks.add(track);
            return track;
        }
    }

    record NewFingerprint(int id, int trackId, int[] hashes, int length, Integer bitrate, Integer formatId, int simhash) {
    }

    record SourceRow(int linkId, long submissionId, int sourceId) {
    }

    /** One submission's link of {@code value} (an MBID, PUID, meta or foreign id) to a track. */
    record LinkRequest(int trackId, Object value, long submissionId, int sourceId) {
        LinkRequest withValue(Object resolved) {
            return new LinkRequest(trackId, resolved, submissionId, sourceId);
        }
    }
}
