package org.songprint.account.session;

/** A page needs a logged-in user and the request has no valid session: the browser is sent to log in. */
public class LoginRequiredException extends RuntimeException {

    public LoginRequiredException() {
        super("login required", null, false, false);
    }
}
