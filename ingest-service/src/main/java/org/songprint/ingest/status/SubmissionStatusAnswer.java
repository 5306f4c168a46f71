package org.songprint.ingest.status;

import java.util.List;
import org.songprint.common.api.ApiAnswer;

/** AcoustID's answer to {@code /v2/submission_status}: each requested id, in request order. */
record SubmissionStatusAnswer(List<Entry> submissions) implements ApiAnswer {

    /**
     * @param status pending, imported, or (not in AcoustID's vocabulary, where it stays pending) rejected
     * @param result the track of an imported submission, left out otherwise
     */
    record Entry(long id, String status, TrackResult result) {
    }

    record TrackResult(String id) {
    }
}
