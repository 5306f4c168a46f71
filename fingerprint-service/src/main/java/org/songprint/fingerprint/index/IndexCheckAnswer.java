package org.songprint.fingerprint.index;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.songprint.common.api.ApiAnswer;

/** The answer of {@code /internal/index/check}: the index compared with the database. */
public record IndexCheckAnswer(Index index) implements ApiAnswer {

    /** @param missing and {@code extra}: the first ids of each, up to a listed maximum */
    public record Index(boolean ready, boolean exact, long fingerprints,
            @JsonProperty("database_fingerprints") long databaseFingerprints, @JsonProperty("id_ranges") int idRanges,
            @JsonProperty("differing_id_ranges") int differingIdRanges, @JsonProperty("missing_count") int missingCount,
            List<Long> missing, @JsonProperty("extra_count") int extraCount, List<Long> extra) {
    }
}
