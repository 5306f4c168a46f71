package org.songprint.account.stats;

import io.quarkus.qute.TemplateData;

/** An account among the most active submitters, as the public contributors page names it. */
@TemplateData
public record TopContributor(int accountId, String displayName, int submissions) {

    /**
     * A name taken from a login may be an e-mail address (the last of the claims tried); a public page
     * never shows one.
     */
    static TopContributor of(int accountId, String name, int submissions) {
        String shown = name == null || name.isBlank() || name.contains("@") ? "Contributor #" + accountId : name;
        return new TopContributor(accountId, shown, submissions);
    }
}
