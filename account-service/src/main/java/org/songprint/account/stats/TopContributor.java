package org.songprint.account.stats;

import io.quarkus.qute.TemplateData;
import org.songprint.account.account.AccountService;

/** An account among the most active submitters, as the public contributors page names it. */
@TemplateData
public record TopContributor(int accountId, String displayName, int submissions) {

    /**
     * A name taken from a login may be an e-mail address (the last of the claims tried); a public page
     * never shows one.
     */
    static TopContributor of(int accountId, String name, int submissions) {
        return new TopContributor(accountId, AccountService.publicName(accountId, name), submissions);
    }
}
