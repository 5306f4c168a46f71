package org.songprint.account.login;

import io.quarkus.qute.TemplateData;

/**
 * A login identity linked to an account, as the profile shows it: the provider's label and who the
 * provider said it was at its last login. {@code kind} and {@code key} name the link in the unlink form.
 */
@TemplateData
public record LinkedIdentity(String kind, String key, String providerLabel, String name, String email) {

    /** The name a person recognises: the ID token's name, else its email, else the provider's id for the user. */
    public String readableName() {
        if (name != null) {
            return name;
        }
        if (email != null) {
            return email;
        }
        String subject = key.substring(key.lastIndexOf('#') + 1);
        return "user " + subject;
    }
}
