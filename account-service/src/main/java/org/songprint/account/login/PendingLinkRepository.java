package org.songprint.account.login;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Identities waiting for their owner to confirm a link ({@code account_link_pending}): at most one per
 * web session, keyed by the session's row, gone with the session.
 */
@ApplicationScoped
public class PendingLinkRepository {

    /** Keeps the identity for the session, replacing one it kept before, for the lifetime given. */
    public Uni<Void> offer(SqlClient connection, byte[] sessionKey, int accountId, String nonce, LoginIdentity identity,
            Duration lifetime) {
        return connection.preparedQuery("""
                INSERT INTO account_link_pending
                    (session_token_hash, account_id, nonce, provider, kind, issuer, subject, display_name, email, expires)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + make_interval(secs => $10))
                ON CONFLICT (session_token_hash) DO UPDATE SET account_id = EXCLUDED.account_id, nonce = EXCLUDED.nonce,
                    provider = EXCLUDED.provider, kind = EXCLUDED.kind, issuer = EXCLUDED.issuer,
                    subject = EXCLUDED.subject, display_name = EXCLUDED.display_name, email = EXCLUDED.email,
                    expires = EXCLUDED.expires""")
                .execute(Tuple.from(new Object[] {Buffer.buffer(sessionKey), accountId, nonce, identity.provider(),
                        identity.kind().name(), identity.issuer(), identity.subject(), identity.name(), identity.email(),
                        (double) lifetime.toSeconds()}))
                .replaceWithVoid();
    }

    /**
     * Removes and answers the session's pending identity if the nonce names it, it belongs to the
     * account and has not expired; empty otherwise. Used once: a replayed form finds nothing.
     */
    public Uni<Optional<LoginIdentity>> take(SqlClient connection, byte[] sessionKey, int accountId, String nonce) {
        return connection.preparedQuery("""
                DELETE FROM account_link_pending
                WHERE session_token_hash = $1 AND account_id = $2 AND nonce = $3 AND expires > now()
                RETURNING provider, kind, issuer, subject, display_name, email""")
                .execute(Tuple.of(Buffer.buffer(sessionKey), accountId, nonce))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(new LoginIdentity(row.getString("provider"),
                                LoginProviders.Kind.valueOf(row.getString("kind")), row.getString("issuer"),
                                row.getString("subject"), row.getString("display_name"), row.getString("email")));
                    }
                    return Optional.empty();
                });
    }

    /** Forgets the session's pending identity, if any. */
    public Uni<Void> cancel(SqlClient connection, byte[] sessionKey) {
        return connection.preparedQuery("DELETE FROM account_link_pending WHERE session_token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(sessionKey))).replaceWithVoid();
    }
}
