package org.songprint.account.login;

/** A link confirmation whose pending identity is gone: expired, cancelled, replaced, used, or another session's. */
public class LinkExpiredException extends RuntimeException {

    public LinkExpiredException() {
        super("no such pending link", null, false, false);
    }
}
