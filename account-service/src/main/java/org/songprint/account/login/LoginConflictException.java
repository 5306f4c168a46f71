package org.songprint.account.login;

/** A logged-in user tried to link a login that already belongs to another account. */
public class LoginConflictException extends RuntimeException {

    public LoginConflictException() {
        super("this login is linked to another account", null, false, false);
    }
}
