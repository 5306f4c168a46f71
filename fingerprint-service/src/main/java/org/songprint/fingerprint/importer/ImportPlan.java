package org.songprint.fingerprint.importer;

import java.util.List;
import java.util.UUID;
import org.songprint.common.event.SubmissionEvent;

/**
 * What {@link ImportPlanner} decided for a batch, before any id is assigned: the tracks and
 * fingerprints to create, where each submission lands, and the links with their provenance.
 *
 * @param newTracks       tracks to create, in the order their ids are taken
 * @param newFingerprints fingerprints to create, in the order their ids are taken
 * @param imports         one decision per submission, in submission order
 * @param links           each distinct (track, value) link of the batch, once, in first-seen order
 * @param linkSources     one provenance row per submission and link, in submission order
 */
record ImportPlan(List<NewTrack> newTracks, List<NewFingerprint> newFingerprints, List<PlannedImport> imports,
        List<LinkUpsert> links, List<LinkSource> linkSources) {

    /** A track a decision can point at: stored, or new in this batch (its id assigned when written). */
    sealed interface PlannedTrack {
        UUID gid();

        /** Rank among tracks of the same score: stored ones by id, then new ones, latest first. */
        int order();

        /** Its row id, given the ids taken for the batch's new tracks. */
        int assignedId(List<Integer> newTrackIds);
    }

    record StoredTrack(int id, UUID gid) implements PlannedTrack {
        @Override
        public int order() {
            return id;
        }

        @Override
        public int assignedId(List<Integer> newTrackIds) {
            return id;
        }
    }

    /** The {@code index}-th new track of the batch. */
    record NewTrack(int index, UUID gid) implements PlannedTrack {
        @Override
        public int order() {
            return Integer.MAX_VALUE - index;
        }

        @Override
        public int assignedId(List<Integer> newTrackIds) {
            return newTrackIds.get(index);
        }
    }

    /** A fingerprint a decision can point at: stored, or new in this batch. */
    sealed interface PlannedFingerprint {
        PlannedTrack track();

        int length();

        int[] hashes();

        /** Its row id, given the ids taken for the batch's new fingerprints. */
        int assignedId(List<Integer> newFingerprintIds);
    }

    record StoredFingerprint(int id, StoredTrack track, int length, int[] hashes) implements PlannedFingerprint {
        @Override
        public int assignedId(List<Integer> newFingerprintIds) {
            return id;
        }
    }

    /** The {@code index}-th new fingerprint of the batch: the submission of {@code candidate}. */
    record NewFingerprint(int index, PlannedTrack track, Candidate candidate) implements PlannedFingerprint {
        @Override
        public int length() {
            return candidate.submission().length();
        }

        @Override
        public int[] hashes() {
            return candidate.submission().fingerprint();
        }

        @Override
        public int assignedId(List<Integer> newFingerprintIds) {
            return newFingerprintIds.get(index);
        }
    }

    /** A decision: the submission lands on {@code fingerprint}, of {@code track}. */
    record PlannedImport(Candidate candidate, PlannedTrack track, PlannedFingerprint fingerprint) {

        /** Whether this submission's fingerprint is stored, not counted on an existing one. */
        boolean storesFingerprint() {
            return fingerprint instanceof NewFingerprint created && created.candidate() == candidate;
        }

        SubmissionEvent submission() {
            return candidate.submission();
        }
    }

    /** A (track, value) pair of a link table. */
    record PlannedLink(PlannedTrack track, TrackLink value) {
    }

    /**
     * A link the batch counts {@code submissions} times; {@code firstSubmissionId} reports it as new
     * when the link did not exist before.
     */
    record LinkUpsert(PlannedLink link, int submissions, long firstSubmissionId) {
    }

    /** Provenance of a link: which submission, from which client, added it. */
    record LinkSource(PlannedLink link, long submissionId, SourceKey source) {
    }

    /** The client a submission came from ({@code source} row). */
    record SourceKey(int applicationId, int accountId, String version) {
        static SourceKey of(SubmissionEvent submission) {
            return new SourceKey(submission.applicationId(), submission.accountId(), submission.applicationVersion());
        }
    }
}
