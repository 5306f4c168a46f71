package org.songprint.account.login;

/** A login that could not complete for a reason of ours (e.g. the database): nothing was logged in or linked. */
public class LoginFailedException extends RuntimeException {

    public LoginFailedException(Throwable cause) {
        super("login failed", cause, false, false);
    }
}
