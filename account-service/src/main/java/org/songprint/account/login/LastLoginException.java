package org.songprint.account.login;

/** An attempt to unlink an account's only login: without it nobody could log in to the account again. */
public class LastLoginException extends RuntimeException {

    public LastLoginException() {
        super("the account's last login cannot be unlinked", null, false, false);
    }
}
