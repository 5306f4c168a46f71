package org.songprint.common.api;

/** An AcoustID error's code and message, as answered alone or beside each skipped batch entry. */
public record ErrorDetail(int code, String message) {

    public static ErrorDetail of(ApiException error) {
        return new ErrorDetail(error.code(), error.getMessage());
    }
}
