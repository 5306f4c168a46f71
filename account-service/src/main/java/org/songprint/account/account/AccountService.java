package org.songprint.account.account;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import org.songprint.account.apikey.ApiKeyPublisher;
import org.songprint.account.session.WebSession;

/** The logged-in user's own account: its details and user API key. */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final ApiKeyPublisher keys;

    public AccountService(AccountRepository accounts, ApiKeyPublisher keys) {
        this.accounts = accounts;
        this.keys = keys;
    }

    /** The session's account (its linked logins: LoginService). */
    public Uni<Account> account(WebSession session) {
        return accounts.find(session.accountId()).map(account -> account.orElseThrow(NotFoundException::new));
    }

    /** A new user API key; the old one stops working across the suite within the key publish interval. */
    public Uni<String> regenerateApiKey(WebSession session) {
        return accounts.regenerateApiKey(session.accountId()).invoke(keys::publishSoon);
    }
}
