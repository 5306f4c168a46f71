package org.songprint.ingest.submit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ErrorDetail;

/**
 * AcoustID's answer to {@code /v2/submit}, plus (an addition clients ignore) each skipped entry with
 * its index and error, so a client or its user can tell which files were not taken.
 *
 * @param skippedEntries null (left out) when every entry was taken
 */
record SubmitAnswer(List<Accepted> submissions, @JsonProperty("skipped_entries") List<Skipped> skippedEntries)
        implements ApiAnswer {

    /** A stored submission; {@code index} is its entry's suffix, left out for the bare names. */
    record Accepted(long id, String status, String index) {
    }

    record Skipped(String index, ErrorDetail error) {
    }
}
