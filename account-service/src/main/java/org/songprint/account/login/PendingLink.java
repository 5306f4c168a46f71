package org.songprint.account.login;

import io.quarkus.qute.TemplateData;

/**
 * An identity waiting for its link to the logged-in account to be confirmed, as the confirmation page
 * shows it: the nonce that its form carries, the provider's label, the identity's name and email
 * (either may be null), and the minutes left to confirm.
 */
@TemplateData
public record PendingLink(String nonce, String providerLabel, String name, String email, long minutesLeft) {
}
