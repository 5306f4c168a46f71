package org.songprint.account.apikey;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.songprint.common.api.ApiAnswer;

/** The answers of {@code /internal/api-keys} and {@code /internal/api-keys/republish}. */
public final class ApiKeyOutboxAnswers {

    private ApiKeyOutboxAnswers() {
    }

    /** @param waiting key changes not published yet; {@code oldest_seconds} the age of the oldest */
    public record Backlog(long waiting, @JsonProperty("oldest_seconds") double oldestSeconds) implements ApiAnswer {
    }

    /** @param noted keys noted as changed, to be published again */
    public record Republished(int noted) implements ApiAnswer {
    }
}
