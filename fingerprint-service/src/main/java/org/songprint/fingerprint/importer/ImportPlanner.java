package org.songprint.fingerprint.importer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.fingerprint.importer.ImportPlan.LinkSource;
import org.songprint.fingerprint.importer.ImportPlan.LinkUpsert;
import org.songprint.fingerprint.importer.ImportPlan.NewFingerprint;
import org.songprint.fingerprint.importer.ImportPlan.NewTrack;
import org.songprint.fingerprint.importer.ImportPlan.PlannedFingerprint;
import org.songprint.fingerprint.importer.ImportPlan.PlannedImport;
import org.songprint.fingerprint.importer.ImportPlan.PlannedLink;
import org.songprint.fingerprint.importer.ImportPlan.PlannedTrack;
import org.songprint.fingerprint.importer.ImportPlan.SourceKey;
import org.songprint.fingerprint.importer.ImportPlan.StoredFingerprint;
import org.songprint.fingerprint.importer.ImportPlan.StoredTrack;

/**
 * AcoustID's import decisions for a batch, in memory: for each submission, the first acceptable
 * track among its best matches (every fingerprint of the track close in length and resembling the
 * submission), then either the matched fingerprint counted again or a new fingerprint on that track
 * or on a new one; and the links the batch adds, each counted once per submission. Decisions are
 * taken one after the other, each seeing the batch's earlier new fingerprints and tracks.
 */
final class ImportPlanner {

    private final Supplier<UUID> newTrackGids;

    /** {@code newTrackGids} gives the AcoustIDs of new tracks (random ones in the service). */
    ImportPlanner(Supplier<UUID> newTrackGids) {
        this.newTrackGids = newTrackGids;
    }

    /**
     * Decides the batch.
     *
     * @param candidates       the submissions, in order
     * @param storedScores     per candidate, the stored fingerprints (by id) scoring at least
     *                         {@link ImportRules#TRACK_MATCH_THRESHOLD} against it
     * @param matchedTracks    every fingerprint of the live tracks owning those fingerprints
     */
    ImportPlan plan(List<Candidate> candidates, List<Map<Integer, Float>> storedScores,
            Collection<TrackFingerprint> matchedTracks) {
        Batch batch = new Batch(matchedTracks);
        for (int i = 0; i < candidates.size(); i++) {
            PlannedImport decision = batch.decide(candidates.get(i), storedScores.get(i));
            batch.addLinks(decision);
        }
        return batch.plan();
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

    /** One batch's decisions so far, and what later decisions must see of them. */
    private final class Batch {
        private final FingerprintComparator comparator = FingerprintComparator.forCurrentThread();
        private final Map<Integer, StoredFingerprint> stored = new HashMap<>();
        private final Map<PlannedTrack, List<PlannedFingerprint>> members = new HashMap<>();
        private final BatchFingerprints fresh = new BatchFingerprints();
        private final List<NewTrack> newTracks = new ArrayList<>();
        private final List<PlannedImport> imports = new ArrayList<>();
        private final Map<PlannedLink, LinkUpsert> links = new LinkedHashMap<>();
        private final List<LinkSource> linkSources = new ArrayList<>();

        Batch(Collection<TrackFingerprint> matchedTracks) {
            for (TrackFingerprint row : matchedTracks) {
                StoredFingerprint fp = new StoredFingerprint(row.id(), new StoredTrack(row.trackId(), row.trackGid()),
                        row.length(), row.hashes());
                stored.put(fp.id(), fp);
                members.computeIfAbsent(fp.track(), k -> new ArrayList<>()).add(fp);
            }
        }

        PlannedImport decide(Candidate candidate, Map<Integer, Float> storedScores) {
            SubmissionEvent submission = candidate.submission();
            Matches matches = new Matches();
            for (Map.Entry<Integer, Float> match : storedScores.entrySet()) {
                StoredFingerprint fp = stored.get(match.getKey());
                if (fp != null) {
                    matches.offer(fp, match.getValue());
                }
            }
            for (NewFingerprint earlier : fresh.related(candidate)) {
                if (Math.abs(earlier.length() - submission.length()) <= ImportRules.MAX_LENGTH_DIFF) {
                    float score = comparator.compare2(earlier.hashes(), submission.fingerprint(),
                            FingerprintComparator.ACOUSTID_MAX_OFFSET);
                    if (score >= ImportRules.TRACK_MATCH_THRESHOLD) {
                        matches.offer(earlier, score);
                    }
                }
            }
            PlannedTrack chosen = firstAcceptable(matches, submission);
            PlannedImport decision;
            if (chosen != null && matches.bestScore.get(chosen) > ImportRules.FINGERPRINT_REUSE_THRESHOLD) {
                decision = new PlannedImport(candidate, chosen, matches.bestFingerprint.get(chosen));
            } else {
                PlannedTrack track = chosen != null ? chosen : newTrack();
                NewFingerprint created = fresh.add(track, candidate);
                members.computeIfAbsent(track, k -> new ArrayList<>()).add(created);
                decision = new PlannedImport(candidate, track, created);
            }
            imports.add(decision);
            return decision;
        }

        /** The best-scoring tracks (at most {@link ImportRules#MAX_CANDIDATE_TRACKS}), the first acceptable one. */
        private PlannedTrack firstAcceptable(Matches matches, SubmissionEvent submission) {
            List<Map.Entry<PlannedTrack, Float>> ranked = new ArrayList<>(matches.bestScore.entrySet());
            ranked.sort(Map.Entry.<PlannedTrack, Float>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(e -> e.getKey().order()));
            for (Map.Entry<PlannedTrack, Float> entry : ranked.subList(0, Math.min(ranked.size(), ImportRules.MAX_CANDIDATE_TRACKS))) {
                if (acceptable(members.getOrDefault(entry.getKey(), List.of()), submission.fingerprint(),
                        submission.length(), comparator)) {
                    return entry.getKey();
                }
            }
            return null;
        }

        private NewTrack newTrack() {
            NewTrack track = new NewTrack(newTracks.size(), newTrackGids.get());
            newTracks.add(track);
            return track;
        }

        void addLinks(PlannedImport decision) {
            SubmissionEvent submission = decision.submission();
            SourceKey source = SourceKey.of(submission);
            for (TrackLink value : TrackLink.of(submission)) {
                PlannedLink link = new PlannedLink(decision.track(), value);
                LinkUpsert counted = links.get(link);
                links.put(link, counted == null ? new LinkUpsert(link, 1, submission.submissionId())
                        : new LinkUpsert(link, counted.submissions() + 1, counted.firstSubmissionId()));
                linkSources.add(new LinkSource(link, submission.submissionId(), source));
            }
        }

        ImportPlan plan() {
            return new ImportPlan(List.copyOf(newTracks), List.copyOf(fresh.all), List.copyOf(imports),
                    List.copyOf(links.values()), List.copyOf(linkSources));
        }
    }

    /** Best score and fingerprint per track, for one submission. */
    private static final class Matches {
        final Map<PlannedTrack, Float> bestScore = new HashMap<>();
        final Map<PlannedTrack, PlannedFingerprint> bestFingerprint = new HashMap<>();

        void offer(PlannedFingerprint fp, float score) {
            Float current = bestScore.get(fp.track());
            if (current == null || score > current) {
                bestScore.put(fp.track(), score);
                bestFingerprint.put(fp.track(), fp);
            }
        }
    }

    /** The batch's new fingerprints, in a small inverted index of their query terms and SimHashes. */
    private static final class BatchFingerprints {
        final List<NewFingerprint> all = new ArrayList<>();
        private final Map<Integer, List<NewFingerprint>> byTerm = new HashMap<>();
        private final Map<Integer, List<NewFingerprint>> bySimHash = new HashMap<>();

        NewFingerprint add(PlannedTrack track, Candidate candidate) {
            NewFingerprint fingerprint = new NewFingerprint(all.size(), track, candidate);
            all.add(fingerprint);
            for (int term : candidate.terms()) {
                byTerm.computeIfAbsent(term, k -> new ArrayList<>(2)).add(fingerprint);
            }
            bySimHash.computeIfAbsent(candidate.simhash(), k -> new ArrayList<>(2)).add(fingerprint);
            return fingerprint;
        }

        /**
         * New fingerprints worth scoring against {@code candidate}: those sharing a query term (what
         * the index would find) or a SimHash at most one bit off; scoring every pair would cost a
         * batch of 200 some 20,000 comparisons.
         */
        Set<NewFingerprint> related(Candidate candidate) {
            Set<NewFingerprint> out = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int term : candidate.terms()) {
                out.addAll(byTerm.getOrDefault(term, List.of()));
            }
            out.addAll(bySimHash.getOrDefault(candidate.simhash(), List.of()));
            for (int bit = 0; bit < 32; bit++) {
                out.addAll(bySimHash.getOrDefault(candidate.simhash() ^ (1 << bit), List.of()));
            }
            return out;
        }
    }
}
