package org.songprint.account.session;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The web pages' sessions: started after a login, found from the cookie, ended by logging out or by
 * expiry. The cookie is HttpOnly, SameSite=Lax, and Secure whenever the page was served over HTTPS
 * (or always, with {@code songprint.session.force-secure}). Every form carries the session's CSRF
 * token, checked here in constant time before anything changes.
 */
@ApplicationScoped
public class WebSessions {

    public static final String COOKIE = "songprint_session";
    public static final String CSRF_FIELD = "csrf";

    private static final Logger LOG = Logger.getLogger(WebSessions.class);
    private static final Base64.Encoder TOKEN_ENCODING = Base64.getUrlEncoder().withoutPadding();

    private final SessionRepository repository;
    private final Duration lifetime;
    private final boolean forceSecure;
    private final SecureRandom random = new SecureRandom();

    public WebSessions(SessionRepository repository, SessionConfig config) {
        this.repository = repository;
        this.lifetime = config.lifetime();
        this.forceSecure = config.forceSecure();
    }

    /** A new session for the account; answers the cookie that carries it. */
    public Uni<NewCookie> start(int accountId, String provider, boolean https) {
        String token = randomToken();
        return repository.insert(hash(token), accountId, provider, randomToken(), lifetime)
                .replaceWith(() -> cookie(token, (int) lifetime.toSeconds(), https));
    }

    public Uni<Optional<WebSession>> current(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        return repository.find(hash(cookieValue));
    }

    /** The logged-in session, or a {@link LoginRequiredException}. */
    public Uni<WebSession> require(String cookieValue) {
        return current(cookieValue).map(session -> session.orElseThrow(LoginRequiredException::new));
    }

    /** The logged-in session of a form post whose CSRF token matches, or the reason it is refused. */
    public Uni<WebSession> requireForm(String cookieValue, String csrfToken) {
        return require(cookieValue).map(session -> {
            if (csrfToken == null || !MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                    csrfToken.getBytes(StandardCharsets.UTF_8))) {
                throw new CsrfRejectedException();
            }
            return session;
        });
    }

    /** Ends the session (if any); answers the cookie that removes it from the browser. */
    public Uni<NewCookie> end(String cookieValue, boolean https) {
        Uni<Void> removed = cookieValue == null || cookieValue.length() > 100 ? Uni.createFrom().voidItem()
                : repository.delete(hash(cookieValue));
        return removed.replaceWith(() -> cookie("", 0, https));
    }

    /**
     * The key of the session's row (the SHA-256 of its cookie token), for rows that belong to one
     * session and end with it. Only for a cookie that {@link #require} accepted.
     */
    public byte[] key(String cookieValue) {
        return hash(cookieValue);
    }

    /** Ends every other session of the account (other browsers), keeping this cookie's; in the caller's transaction. */
    public Uni<Integer> endOthers(SqlClient connection, int accountId, String cookieValue) {
        return repository.deleteOthers(connection, accountId, hash(cookieValue));
    }

    @Scheduled(every = "${songprint.session.cleanup-every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deleteExpired() {
        return repository.deleteExpired().invoke(count -> {
            if (count > 0) {
                LOG.debugf("deleted %d expired web session(s)", count);
            }
        }).replaceWithVoid();
    }

    private NewCookie cookie(String value, int maxAgeSeconds, boolean https) {
        return new NewCookie.Builder(COOKIE).value(value).path("/").maxAge(maxAgeSeconds).httpOnly(true)
                .secure(https || forceSecure).sameSite(NewCookie.SameSite.LAX).build();
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TOKEN_ENCODING.encodeToString(bytes);
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
