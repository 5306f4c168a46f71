package org.songprint.account.account;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.songprint.account.apikey.ApiKeyPublisher;
import org.songprint.account.session.WebSession;

/** The logged-in user's own account (its details and user API key), and how public pages name accounts. */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final ApiKeyPublisher keys;

    public AccountService(AccountRepository accounts, ApiKeyPublisher keys) {
        this.accounts = accounts;
        this.keys = keys;
    }

    /** The session's account (its linked logins: LoginService). */
    /**
     * The names public pages show for accounts: a name taken from a login may be an e-mail address
     * (the last of the claims tried), which is never shown; nor is an account that is gone.
     */
    public Uni<Map<Integer, String>> publicNames(Collection<Integer> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return accounts.names(ids).map(names -> {
            Map<Integer, String> shown = new HashMap<>();
            for (Integer id : ids) {
                shown.put(id, publicName(id, names.get(id)));
            }
            return shown;
        });
    }

    /** See {@link #publicNames}; account 0 is an operator's change. */
    public static String publicName(int accountId, String name) {
        if (accountId == 0) {
            return "an operator";
        }
        return name == null || name.isBlank() || name.contains("@") ? "Contributor #" + accountId : name;
    }

    public Uni<Account> account(WebSession session) {
        return accounts.find(session.accountId()).map(account -> account.orElseThrow(NotFoundException::new));
    }

    /** A new user API key; the old one stops working across the suite within the key publish interval. */
    public Uni<String> regenerateApiKey(WebSession session) {
        return accounts.regenerateApiKey(session.accountId()).invoke(keys::publishSoon);
    }
}
