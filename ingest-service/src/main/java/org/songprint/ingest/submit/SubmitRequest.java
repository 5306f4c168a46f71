package org.songprint.ingest.submit;

import java.util.List;
import org.songprint.common.api.ApiException;

/**
 * A {@code /v2/submit} call once read: the rows to store (one per MBID of an entry), the entries
 * skipped with the reason, and the client's version.
 */
record SubmitRequest(List<NewSubmission> submissions, List<SkippedEntry> skipped, String clientVersion) {

    /** An entry that failed validation: its suffix (null for the bare names) and its error. */
    record SkippedEntry(String index, ApiException error) {
    }
}
