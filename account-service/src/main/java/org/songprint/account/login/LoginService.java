package org.songprint.account.login;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.songprint.account.account.AccountRepository;
import org.songprint.account.session.WebSession;

/**
 * Turns a provider's identity into an account. A known identity logs into its account; an unknown
 * one creates an account (with a user API key) — or, when someone is already logged in, is linked
 * to that account, so one account can log in through several providers. All in one transaction;
 * two first logins of the same identity racing end on one account (the loser retries and finds it).
 */
@ApplicationScoped
public class LoginService {

    private static final Logger LOG = Logger.getLogger(LoginService.class);

    private final AccountRepository accounts;
    private final AccountLinkRepository links;
    private final LoginProviders providers;

    public LoginService(AccountRepository accounts, AccountLinkRepository links, LoginProviders providers) {
        this.accounts = accounts;
        this.links = links;
        this.providers = providers;
    }

    public List<LoginProviders.Offered> offered() {
        List<LoginProviders.Offered> offered = new ArrayList<>();
        for (Map.Entry<String, LoginProviders.Provider> entry : providers.providers().entrySet()) {
            if (entry.getValue().enabled()) {
                offered.add(new LoginProviders.Offered(entry.getKey(), entry.getValue().label()));
            }
        }
        offered.sort((a, b) -> a.label().compareToIgnoreCase(b.label()));
        return offered;
    }

    public Optional<LoginProviders.Kind> kind(String provider) {
        LoginProviders.Provider config = providers.providers().get(provider);
        return config == null || !config.enabled() ? Optional.empty() : Optional.of(config.kind());
    }

    /** The account the identity logs into (linking or creating as needed). */
    public Uni<Integer> accountFor(LoginIdentity identity, Optional<WebSession> current) {
        return accounts.pool().withTransaction(connection -> links.findAccount(connection, identity).flatMap(linked -> {
            if (current.isPresent()) {
                int account = current.get().accountId();
                if (linked == null) {
                    return links.link(connection, identity, account).map(done -> requireLinked(done, account));
                }
                if (linked != account) {
                    return Uni.createFrom().failure(new LoginConflictException());
                }
                return Uni.createFrom().item(account);
            }
            if (linked != null) {
                return accounts.touchLastLogin(connection, linked).replaceWith(linked);
            }
            return accounts.createForLogin(connection, identity.name()).flatMap(account -> links.link(connection, identity, account)
                    .map(done -> {
                        LOG.infof("new account %d from a %s login", account, identity.provider());
                        return requireLinked(done, account);
                    }));
        })).onFailure(LostRace.class).retry().atMost(2);
    }

    private static int requireLinked(boolean linked, int account) {
        if (!linked) {
            // a concurrent login linked this identity first: roll back and look again
            throw new LostRace();
        }
        return account;
    }

    private static final class LostRace extends RuntimeException {
        LostRace() {
            super("identity linked concurrently", null, false, false);
        }
    }
}
