package org.songprint.account.catalogue;

/**
 * fingerprint-service refused a link change: the account's hourly limit (429), a link the track does
 * not have (404) or a note it would not take (400); {@code status} is the page's answer.
 */
public class CurationRefusedException extends RuntimeException {

    private final int status;

    public CurationRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
