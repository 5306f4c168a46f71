package org.songprint.common.api;

import java.util.Locale;

/**
 * An AcoustID-style error answer: {@code {"status":"error","error":{"code":N,"message":...}}} with the
 * error's HTTP status. The factories spell the messages as AcoustID does, so clients that match on
 * them keep working.
 */
public final class ApiException extends RuntimeException {

    private final AcoustIdError error;
    private final int retryAfterSeconds;

    public ApiException(AcoustIdError error, String message) {
        this(error, message, 0);
    }

    private ApiException(AcoustIdError error, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds after which a rate-limited caller may try again (the {@code Retry-After} header); 0 for other errors. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public AcoustIdError error() {
        return error;
    }

    public int code() {
        return error.code();
    }

    public int httpStatus() {
        return error.httpStatus();
    }

    public static ApiException unknownFormat(String format) {
        return new ApiException(AcoustIdError.UNKNOWN_FORMAT, "unknown format \"" + format + "\"");
    }

    public static ApiException missingParameter(String name) {
        return new ApiException(AcoustIdError.MISSING_PARAMETER, "missing required parameter \"" + name + "\"");
    }

    public static ApiException invalidFingerprint() {
        return new ApiException(AcoustIdError.INVALID_FINGERPRINT, "invalid fingerprint");
    }

    public static ApiException invalidApiKey() {
        return new ApiException(AcoustIdError.INVALID_API_KEY, "invalid API key");
    }

    public static ApiException internalError() {
        return new ApiException(AcoustIdError.INTERNAL_ERROR, "internal error");
    }

    public static ApiException invalidUserApiKey() {
        return new ApiException(AcoustIdError.INVALID_USER_API_KEY,
                "invalid user API key (\"User with the API key does not exist\")");
    }

    public static ApiException invalidUuid(String name) {
        return new ApiException(AcoustIdError.INVALID_UUID, "parameter \"" + name + "\" is not a valid UUID");
    }

    public static ApiException invalidDuration(String name) {
        return new ApiException(AcoustIdError.INVALID_DURATION, "parameter \"" + name + "\" must be a positive integer");
    }

    public static ApiException invalidBitrate(String name) {
        return new ApiException(AcoustIdError.INVALID_BITRATE, "parameter \"" + name + "\" must be a positive integer");
    }

    public static ApiException invalidForeignId(String name) {
        return new ApiException(AcoustIdError.INVALID_FOREIGN_ID,
                "parameter \"" + name + "\" is not a valid foreign ID, it must be in the format vendor:id");
    }

    public static ApiException invalidMaxDurationDiff(String name, int min, int max) {
        return new ApiException(AcoustIdError.INVALID_MAX_DURATION_DIFF,
                "parameter \"" + name + "\" must be between " + min + " and " + max);
    }

    public static ApiException notAllowed() {
        return new ApiException(AcoustIdError.NOT_ALLOWED, "not allowed");
    }

    public static ApiException serviceUnavailable() {
        return new ApiException(AcoustIdError.SERVICE_UNAVAILABLE, "service unavailable, try again later");
    }

    /** The rate is printed as AcoustID's Python {@code %f} does ("10.000000"), which names the bucket. */
    public static ApiException tooManyRequests(double requestsPerSecond) {
        return tooManyRequests(requestsPerSecond, 0);
    }

    public static ApiException tooManyRequests(double requestsPerSecond, int retryAfterSeconds) {
        return new ApiException(AcoustIdError.TOO_MANY_REQUESTS,
                String.format(Locale.ROOT, "rate limit (%f requests per second) exceeded", requestsPerSecond),
                retryAfterSeconds);
    }

    public static ApiException unknownApplication() {
        return new ApiException(AcoustIdError.UNKNOWN_APPLICATION, "unknown application");
    }

    public static ApiException fingerprintNotFound() {
        return new ApiException(AcoustIdError.FINGERPRINT_NOT_FOUND, "fingerprint not found");
    }

    public static ApiException requestTooLarge() {
        return new ApiException(AcoustIdError.REQUEST_TOO_LARGE, "request too large");
    }
}
