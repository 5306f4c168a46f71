package org.songprint.account.login;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.songprint.account.account.AccountRepository;
import org.songprint.account.session.WebSession;
import org.songprint.account.session.WebSessions;

/**
 * Turns a provider's identity into an account, and manages an account's links. A known identity logs
 * into its account; an unknown one creates an account (with a user API key). When someone is already
 * logged in, an unknown identity is only offered for linking: it waits server-side, tied to the
 * session, until the owner confirms with a form post, so visiting a login URL never changes an
 * account by itself. An account keeps at least one link. Each change is one transaction; two first
 * logins of the same identity racing end on one account (the loser retries and finds it).
 */
@ApplicationScoped
public class LoginService {

    private static final Logger LOG = Logger.getLogger(LoginService.class);
    private static final Base64.Encoder NONCE_ENCODING = Base64.getUrlEncoder().withoutPadding();

    private final AccountRepository accounts;
    private final AccountLinkRepository links;
    private final PendingLinkRepository pending;
    private final WebSessions sessions;
    private final LoginProviders providers;
    private final SecureRandom random = new SecureRandom();

    public LoginService(AccountRepository accounts, AccountLinkRepository links, PendingLinkRepository pending,
            WebSessions sessions, LoginProviders providers) {
        this.accounts = accounts;
        this.links = links;
        this.pending = pending;
        this.sessions = sessions;
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

    /** The account a login without a Songprint session opens: the linked one, or a new one. */
    public Uni<Integer> logIn(LoginIdentity identity) {
        return accounts.pool().withTransaction(connection -> links.findAccount(connection, identity).flatMap(linked -> {
            if (linked != null) {
                return links.refresh(connection, identity)
                        .chain(() -> accounts.touchLastLogin(connection, linked)).replaceWith(linked);
            }
            return accounts.createForLogin(connection, identity.accountName())
                    .flatMap(account -> links.link(connection, identity, account).map(done -> {
                        LOG.infof("new account %d from a %s login", account, identity.provider());
                        return requireLinked(done, account);
                    }));
        })).onFailure(LostRace.class).retry().atMost(2);
    }

    /**
     * A logged-in user came back from a provider: an identity of another account is refused (409); one
     * of this account changes nothing (empty); a new one is kept for the session to confirm, and
     * answered for the confirmation page.
     */
    public Uni<Optional<PendingLink>> offerLink(LoginIdentity identity, WebSession session, byte[] sessionKey) {
        int account = session.accountId();
        return accounts.pool().withTransaction(connection -> links.findAccount(connection, identity).flatMap(linked -> {
            if (linked == null) {
                String nonce = randomNonce();
                return pending.offer(connection, sessionKey, account, nonce, identity, providers.linkConfirmWithin())
                        .map(offered -> Optional.of(new PendingLink(nonce, label(identity.provider(), identity.kind(),
                                identity.issuer()), identity.name(), identity.email(),
                                providers.linkConfirmWithin().toMinutes())));
            }
            if (linked != account) {
                return Uni.createFrom().failure(new LoginConflictException());
            }
            return links.refresh(connection, identity).replaceWith(Optional.<PendingLink>empty());
        }));
    }

    /** Links the identity the session was offered, if the nonce names it and it has not expired. */
    public Uni<Void> confirmLink(WebSession session, byte[] sessionKey, String nonce) {
        int account = session.accountId();
        return accounts.pool().withTransaction(connection -> pending.take(connection, sessionKey, account, nonce)
                .flatMap(offered -> {
                    LoginIdentity identity = offered.orElseThrow(LinkExpiredException::new);
                    return links.findAccount(connection, identity).flatMap(linked -> {
                        if (linked == null) {
                            return links.link(connection, identity, account).map(done -> {
                                LOG.infof("account %d linked a %s login", account, identity.provider());
                                return requireLinked(done, account);
                            });
                        }
                        if (linked != account) {
                            return Uni.createFrom().failure(new LoginConflictException());
                        }
                        return Uni.createFrom().item(account);
                    });
                })).onFailure(LostRace.class).retry().atMost(2).replaceWithVoid();
    }

    /** Forgets the identity the session was offered. */
    public Uni<Void> cancelLink(byte[] sessionKey) {
        return pending.cancel(accounts.pool(), sessionKey);
    }

    /** Every identity linked to the account, labelled for the profile. */
    public Uni<List<LinkedIdentity>> linkedIdentities(int accountId) {
        return links.linkedTo(accounts.pool(), accountId).map(stored -> {
            List<LinkedIdentity> shown = new ArrayList<>(stored.size());
            for (AccountLinkRepository.Link link : stored) {
                shown.add(new LinkedIdentity(link.kind().name().toLowerCase(), link.key(),
                        label(link.provider(), link.kind(), link.issuer()), link.name(), link.email()));
            }
            return shown;
        });
    }

    /**
     * Removes one of the session's account's links, never the last one, and logs the account's other
     * browsers out: a session there may have come through the identity just removed.
     */
    public Uni<Void> unlink(WebSession session, String sessionCookie, String kind, String key) {
        LoginProviders.Kind parsed = parseKind(kind);
        int account = session.accountId();
        return accounts.pool().withTransaction(connection -> links.lockAccount(connection, account)
                .chain(() -> links.linkedTo(connection, account))
                .flatMap(linked -> {
                    boolean found = false;
                    for (AccountLinkRepository.Link link : linked) {
                        found |= link.kind() == parsed && link.key().equals(key);
                    }
                    if (!found) {
                        return Uni.createFrom().failure(new NotFoundException());
                    }
                    if (linked.size() < 2) {
                        return Uni.createFrom().failure(new LastLoginException());
                    }
                    return links.unlink(connection, account, parsed, key)
                            .chain(() -> sessions.endOthers(connection, account, sessionCookie))
                            .invoke(ended -> LOG.infof("account %d unlinked a %s login; %d other session(s) ended",
                                    account, parsed.name().toLowerCase(), ended));
                })).replaceWithVoid();
    }

    private String label(String provider, LoginProviders.Kind kind, String issuer) {
        LoginProviders.Provider named = provider == null ? null : providers.providers().get(provider);
        if (named != null) {
            return named.label();
        }
        if (kind == LoginProviders.Kind.GOOGLE) {
            for (LoginProviders.Provider candidate : providers.providers().values()) {
                if (candidate.kind() == LoginProviders.Kind.GOOGLE) {
                    return candidate.label();
                }
            }
            return "Google";
        }
        // a link made before providers were recorded, or through a provider since removed
        return issuer;
    }

    private static LoginProviders.Kind parseKind(String kind) {
        for (LoginProviders.Kind candidate : LoginProviders.Kind.values()) {
            if (candidate.name().equalsIgnoreCase(kind)) {
                return candidate;
            }
        }
        throw new NotFoundException();
    }

    private String randomNonce() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return NONCE_ENCODING.encodeToString(bytes);
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
