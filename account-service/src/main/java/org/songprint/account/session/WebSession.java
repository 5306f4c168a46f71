package org.songprint.account.session;

import io.quarkus.qute.TemplateData;

/** A logged-in browser: the account, the login provider it came through, and the session's CSRF token. */
@TemplateData
public record WebSession(int accountId, String accountName, String provider, String csrfToken) {
}
