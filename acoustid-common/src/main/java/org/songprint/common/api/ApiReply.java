package org.songprint.common.api;

/**
 * A rendered API answer: HTTP status, content type and body bytes; and, for a rate-limited call,
 * the seconds after which to try again ({@code Retry-After}, 0 for none).
 */
public record ApiReply(int status, String contentType, byte[] body, int retryAfterSeconds) {

    public ApiReply(int status, String contentType, byte[] body) {
        this(status, contentType, body, 0);
    }

    public ApiReply withRetryAfter(int seconds) {
        return new ApiReply(status, contentType, body, seconds);
    }
}
