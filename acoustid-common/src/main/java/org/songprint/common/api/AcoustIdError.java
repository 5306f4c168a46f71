package org.songprint.common.api;

/** The AcoustID web service error codes, with the HTTP status AcoustID answers each with. */
public enum AcoustIdError {
    UNKNOWN_FORMAT(1, 400),
    MISSING_PARAMETER(2, 400),
    INVALID_FINGERPRINT(3, 400),
    INVALID_API_KEY(4, 400),
    INTERNAL_ERROR(5, 500),
    INVALID_USER_API_KEY(6, 400),
    INVALID_UUID(7, 400),
    INVALID_DURATION(8, 400),
    INVALID_BITRATE(9, 400),
    INVALID_FOREIGN_ID(10, 400),
    INVALID_MAX_DURATION_DIFF(11, 400),
    NOT_ALLOWED(12, 400),
    SERVICE_UNAVAILABLE(13, 503),
    TOO_MANY_REQUESTS(14, 429),
    INVALID_MUSICBRAINZ_ACCESS_TOKEN(15, 400),
    INSECURE_REQUEST(16, 400),
    UNKNOWN_APPLICATION(17, 400),
    FINGERPRINT_NOT_FOUND(18, 404),
    REQUEST_TOO_LARGE(19, 413);

    private final int code;
    private final int httpStatus;

    AcoustIdError(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
