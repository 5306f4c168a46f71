package org.songprint.common.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"status":"error","error":{"code":N,"message":...}}}. */
public record ErrorAnswer(ErrorDetail error) implements ApiAnswer {

    public static ErrorAnswer of(ApiException error) {
        return new ErrorAnswer(ErrorDetail.of(error));
    }

    @Override
    @JsonProperty("status")
    public String status() {
        return "error";
    }
}
