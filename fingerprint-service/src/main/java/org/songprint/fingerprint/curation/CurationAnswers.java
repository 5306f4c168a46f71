package org.songprint.fingerprint.curation;

import java.util.List;
import org.songprint.common.api.ApiAnswer;

/** The answers of the curation calls. */
public final class CurationAnswers {

    private CurationAnswers() {
    }

    /** @param merged the source tracks merged into {@code target} by this call */
    public record Merged(String target, List<String> merged) implements ApiAnswer {
    }

    /** @param changed whether the link's state changed (false when it already was so) */
    public record MbidDisabled(String track, String mbid, boolean disabled, boolean changed) implements ApiAnswer {
    }
}
