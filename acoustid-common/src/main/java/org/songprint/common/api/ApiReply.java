package org.songprint.common.api;

/** A rendered API answer: HTTP status, content type and body bytes. */
public record ApiReply(int status, String contentType, byte[] body) {
}
