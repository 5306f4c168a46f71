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
    private final int httpStatus;

    public ApiException(AcoustIdError error, String message) {
        this(error, message, 0, error.httpStatus());
    }

    private ApiException(AcoustIdError error, String message, int retryAfterSeconds, int httpStatus) {
        super(message, null, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
        this.httpStatus = httpStatus;
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
        return httpStatus;
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

    /** An excerpt lookup ({@code excerpt=1}) on a server whose operator switched excerpts off. */
    public static ApiException excerptsOff() {
        return new ApiException(AcoustIdError.NOT_ALLOWED, "excerpt lookups are switched off on this server");
    }

    public static ApiException serviceUnavailable() {
        return new ApiException(AcoustIdError.SERVICE_UNAVAILABLE, "service unavailable, try again later");
    }

    /**
     * AcoustID's wording, rate printed as Python's {@code %f} does ("10.000000"), which names the
     * bucket: "rate limit (10.000000 requests per second) exceeded, try again later".
     */
    public static ApiException tooManyRequests(double requestsPerSecond) {
        return tooManyRequests(requestsPerSecond, 0);
    }

    public static ApiException tooManyRequests(double requestsPerSecond, int retryAfterSeconds) {
        return new ApiException(AcoustIdError.TOO_MANY_REQUESTS,
                String.format(Locale.ROOT, "rate limit (%f requests per second) exceeded, try again later",
                        requestsPerSecond),
                retryAfterSeconds, AcoustIdError.TOO_MANY_REQUESTS.httpStatus());
    }

    public static ApiException unknownApplication() {
        return new ApiException(AcoustIdError.UNKNOWN_APPLICATION, "unknown application");
    }

    public static ApiException fingerprintNotFound() {
        return new ApiException(AcoustIdError.FINGERPRINT_NOT_FOUND, "fingerprint not found");
    }

    /** A fingerprint with more items than {@link RequestLimits#MAX_ITEMS_PER_FINGERPRINT} (error 19, HTTP 413). */
    public static ApiException fingerprintTooLong(String name, int max) {
        return new ApiException(AcoustIdError.REQUEST_TOO_LARGE,
                "request too large: parameter \"" + name + "\" has more than " + max + " items");
    }

    /** An entry linking more MBIDs than {@link RequestLimits#MAX_MBIDS_PER_SUBMISSION} (error 19, HTTP 413). */
    public static ApiException tooManyValues(String name, int max) {
        return new ApiException(AcoustIdError.REQUEST_TOO_LARGE,
                "request too large: more than " + max + " values of parameter \"" + name + "\"");
    }

    /** A request line longer than {@link RequestLimits#MAX_REQUEST_LINE} (error 19, HTTP 414 as AcoustID's front end). */
    public static ApiException requestLineTooLong() {
        return new ApiException(AcoustIdError.REQUEST_TOO_LARGE, "request too large: the request line is longer than "
                + RequestLimits.MAX_REQUEST_LINE + " bytes", 0, 414);
    }

    public static ApiException requestTooLarge() {
        return new ApiException(AcoustIdError.REQUEST_TOO_LARGE, "request too large");
    }
}
