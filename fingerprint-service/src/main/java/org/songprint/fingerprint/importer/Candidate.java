package org.songprint.fingerprint.importer;

import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.common.chromaprint.FingerprintSimHash;
import org.songprint.common.event.SubmissionEvent;

/** A submission that passed AcoustID's checks, with its SimHash and its query terms for the searches. */
record Candidate(SubmissionEvent submission, int simhash, int[] terms) {

    static Candidate of(SubmissionEvent submission) {
        return new Candidate(submission, FingerprintSimHash.of(submission.fingerprint()),
                FingerprintComparator.extractQuery(submission.fingerprint()));
    }

    long submissionId() {
        return submission.submissionId();
    }
}
