package org.songprint.fingerprint.lookup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.songprint.common.api.ApiAnswer;
import org.songprint.fingerprint.metadata.MetadataAnswers;

/** The answers of {@code /v2/lookup}: one query's results, or each batch query's. */
final class LookupAnswers {

    private LookupAnswers() {
    }

    record Single(List<Result> results) implements ApiAnswer {
    }

    record Batch(List<QueryResults> fingerprints) implements ApiAnswer {
    }

    /** @param index the query's batch suffix; written even when null (bare parameter names), as AcoustID does */
    record QueryResults(@JsonInclude(JsonInclude.Include.ALWAYS) Integer index, List<Result> results) {
    }

    /**
     * A track found: its id, the score of its best fingerprint, and the requested metadata — its
     * recordings, or without {@code recordings} its release groups or releases.
     *
     * @param offset for an excerpt lookup, where the clip begins in the track's fingerprint, in
     *               seconds; absent otherwise
     */
    record Result(String id, float score, List<MetadataAnswers.Recording> recordings,
            List<MetadataAnswers.ReleaseGroup> releasegroups, List<MetadataAnswers.Release> releases, Double offset) {
    }
}
