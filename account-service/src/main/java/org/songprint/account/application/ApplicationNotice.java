package org.songprint.account.application;

import java.util.Optional;

/**
 * What the application page confirms after a form post redirected to it ({@code ?done=}). Only these
 * fixed messages are shown, so the address cannot put words of its own on the page.
 */
public enum ApplicationNotice {
    registered("The application is registered. Its client key is below."),
    saved("Your changes were saved."),
    regenerated("A new client key was made. The old one no longer works."),
    deactivated("The application is deactivated: its key is refused within seconds."),
    reactivated("The application is active again: its key works within seconds.");

    private final String message;

    ApplicationNotice(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }

    public static Optional<ApplicationNotice> of(String done) {
        for (ApplicationNotice notice : values()) {
            if (notice.name().equals(done)) {
                return Optional.of(notice);
            }
        }
        return Optional.empty();
    }
}
