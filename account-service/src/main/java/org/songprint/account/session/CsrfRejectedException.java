package org.songprint.account.session;

/** A form post without the session's CSRF token: refused, nothing is changed. */
public class CsrfRejectedException extends RuntimeException {

    public CsrfRejectedException() {
        super("missing or wrong CSRF token", null, false, false);
    }
}
