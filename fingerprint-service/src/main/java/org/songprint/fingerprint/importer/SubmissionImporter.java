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
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.common.chromaprint.FingerprintSimHash;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionResultEvent.Status;
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

    private final Pool pool;
    private final ImportRepository repository;
    private final FingerprintIndex index;
    private final int candidates;
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
            if (reason != null) {
                outcomes.put(submission.submissionId(), ImportOutcome.rejected(submission.submissionId(), reason));
            } else if (!outcomes.containsKey(submission.submissionId())) {
                outcomes.put(submission.submissionId(), null);
                accepted.add(new Candidate(submission, FingerprintSimHash.of(submission.fingerprint())));
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

    /** Why AcoustID would skip this submission, or null to import it. */
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
        if (FingerprintComparator.extractQuery(hashes).length == 0) {
            return "fingerprint has no searchable content";
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
                outcomes = importAll(connection, batch);
                tx.commit().await().atMost(TIMEOUT);
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

    private List<ImportOutcome> importAll(SqlConnection connection, List<Candidate> batch) {
        // Locks first: an importer that imported one of these submissions a moment ago (a partition
        // moving between replicas) has committed by the time the check below runs.
        repository.lock(connection, batch.stream().map(Candidate::simhash).toList());
        Map<Long, TrackFingerprint> already = repository.alreadyImported(connection,
                batch.stream().map(c -> c.submission().submissionId()).toList());
        List<TrackFingerprint> added = new ArrayList<>();
        List<ImportOutcome> outcomes = new ArrayList<>(batch.size());
        for (Candidate candidate : batch) {
            SubmissionEvent submission = candidate.submission();
            TrackFingerprint previous = already.get(submission.submissionId());
            if (previous != null) {
                outcomes.add(new ImportOutcome(submission.submissionId(), Status.IMPORTED, previous.trackId(),
                        previous.trackGid(), previous.id(),
                        new IndexedFingerprint(previous.id(), previous.length(), previous.hashes()), List.of(), null));
            } else {
                outcomes.add(importOne(connection, candidate, added));
            }
        }
        return outcomes;
    }

    private ImportOutcome importOne(SqlConnection connection, Candidate candidate, List<TrackFingerprint> added) {
        SubmissionEvent submission = candidate.submission();
        int[] hashes = submission.fingerprint();
        int length = submission.length();
        FingerprintComparator comparator = FingerprintComparator.forCurrentThread();

        // Matches from the index, plus this batch's new fingerprints, which the index does not hold yet.
        Map<Integer, Float> scores = new HashMap<>();
        for (FingerprintMatch match : index.search(hashes, new SearchOptions(length, ImportRules.MAX_LENGTH_DIFF,
                ImportRules.TRACK_MATCH_THRESHOLD, candidates, candidates))) {
            scores.put((int) match.fingerprintId(), match.score());
        }
        // ... and fingerprints with the same or a close SimHash written moments ago by any importer.
        List<TrackFingerprint> recent = new ArrayList<>(added);
        recent.addAll(repository.nearSimHash(connection, candidate.simhash()));
        for (TrackFingerprint fresh : recent) {
            if (!scores.containsKey(fresh.id()) && Math.abs(fresh.length() - length) <= ImportRules.MAX_LENGTH_DIFF) {
                float score = comparator.compare2(fresh.hashes(), hashes, FingerprintComparator.ACOUSTID_MAX_OFFSET);
                if (score >= ImportRules.TRACK_MATCH_THRESHOLD) {
                    scores.put(fresh.id(), score);
                }
            }
        }

        TrackFingerprint chosen = null;
        float chosenScore = 0;
        if (!scores.isEmpty()) {
            List<TrackFingerprint> trackFingerprints = repository.fingerprintsOfTracksOf(connection, scores.keySet());
            Map<Integer, List<TrackFingerprint>> byTrack = new HashMap<>();
            Map<Integer, TrackFingerprint> byId = new HashMap<>();
            for (TrackFingerprint fp : trackFingerprints) {
                byTrack.computeIfAbsent(fp.trackId(), t -> new ArrayList<>()).add(fp);
                byId.put(fp.id(), fp);
            }
            // Best match per track, best first; the first track all of whose fingerprints resemble
            // the submission wins.
            List<Map.Entry<Integer, Float>> ranked = new ArrayList<>(scores.entrySet());
            ranked.sort(Map.Entry.<Integer, Float>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            Set<Integer> seenTracks = new HashSet<>();
            for (Map.Entry<Integer, Float> match : ranked) {
                TrackFingerprint fp = byId.get(match.getKey());
                if (fp == null || !seenTracks.add(fp.trackId())) {
                    continue; // merged away, disabled track, or not the track's best match
                }
                if (seenTracks.size() > ImportRules.MAX_CANDIDATE_TRACKS) {
                    break;
                }
                if (acceptable(byTrack.get(fp.trackId()), hashes, length, comparator)) {
                    chosen = fp;
                    chosenScore = match.getValue();
                    break;
                }
            }
        }

        int sourceId = sourceIds.computeIfAbsent(submission.applicationId() + "/" + submission.accountId() + "/"
                + submission.applicationVersion(), key -> repository.sourceId(connection, submission.applicationId(),
                        submission.accountId(), submission.applicationVersion()));
        int trackId;
        UUID trackGid;
        int fingerprintId;
        IndexedFingerprint indexed = null;
        if (chosen != null && chosenScore > ImportRules.FINGERPRINT_REUSE_THRESHOLD) {
            trackId = chosen.trackId();
            trackGid = chosen.trackGid();
            fingerprintId = chosen.id();
        } else {
            if (chosen != null) {
                trackId = chosen.trackId();
                trackGid = chosen.trackGid();
            } else {
                trackGid = UUID.randomUUID();
                trackId = repository.createTrack(connection, trackGid);
            }
            Integer formatId = formatId(connection, submission.format());
            fingerprintId = repository.insertFingerprint(connection, trackId, hashes, length, submission.bitrate(), formatId);
            repository.insertFingerprintData(connection, fingerprintId,
                    ChromaprintCodec.compress(Fingerprint.ACOUSTID_ALGORITHM, hashes), candidate.simhash());
            added.add(new TrackFingerprint(fingerprintId, trackId, trackGid, length, hashes));
            indexed = new IndexedFingerprint(fingerprintId, length, hashes);
        }
        repository.insertFingerprintSource(connection, fingerprintId, submission.submissionId(), sourceId);

        List<UUID> newMbids = new ArrayList<>(1);
        if (submission.mbid() != null && !isNil(submission.mbid())) {
            if (link(connection, TrackLink.MBID, trackId, submission.mbid(), submission, sourceId)) {
                newMbids.add(submission.mbid());
            }
        }
        if (submission.puid() != null && !isNil(submission.puid())) {
            link(connection, TrackLink.PUID, trackId, submission.puid(), submission, sourceId);
        }
        NormalizedMeta meta = NormalizedMeta.of(submission.meta());
        if (meta != null) {
            link(connection, TrackLink.META, trackId, repository.metaId(connection, meta), submission, sourceId);
        }
        ForeignId foreignId = ForeignId.parse(submission.foreignId());
        if (foreignId != null) {
            link(connection, TrackLink.FOREIGN_ID, trackId,
                    repository.foreignIdId(connection, foreignId.vendor(), foreignId.name()), submission, sourceId);
        }
        return new ImportOutcome(submission.submissionId(), Status.IMPORTED, trackId, trackGid, fingerprintId, indexed,
                newMbids, null);
    }

    /** AcoustID's track acceptance: every fingerprint of the track is close in length and resembles the new one. */
    private static boolean acceptable(List<TrackFingerprint> fingerprints, int[] hashes, int length,
            FingerprintComparator comparator) {
        for (TrackFingerprint fp : fingerprints) {
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

    private boolean link(SqlConnection connection, TrackLink kind, int trackId, Object value, SubmissionEvent submission,
            int sourceId) {
        LinkRow row = repository.link(connection, kind, trackId, value);
        repository.linkSource(connection, kind, row.id(), submission.submissionId(), sourceId);
        return row.inserted();
    }

    private Integer formatId(SqlConnection connection, String format) {
        if (format == null || format.isBlank()) {
            return null;
        }
        String name = format.strip();
        return formatIds.computeIfAbsent(name, key -> repository.formatId(connection, key));
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

    private record Candidate(SubmissionEvent submission, int simhash) {
    }
}
