package org.songprint.account.session;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/** Web sessions, keyed by the SHA-256 of their cookie token. */
@ApplicationScoped
public class SessionRepository {

    private final Pool client;

    public SessionRepository(Pool client) {
        this.client = client;
    }

    public Uni<Void> insert(byte[] tokenHash, int accountId, String provider, String csrfToken, Duration lifetime) {
        return client.preparedQuery("""
                INSERT INTO account_session (token_hash, account_id, provider, csrf_token, expires)
                VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))""")
                .execute(Tuple.of(Buffer.buffer(tokenHash), accountId, provider, csrfToken,
                        (double) lifetime.toSeconds()))
                .replaceWithVoid();
    }

    public Uni<Optional<WebSession>> find(byte[] tokenHash) {
        return client.preparedQuery("""
                SELECT s.account_id, a.name, s.provider, s.csrf_token
                FROM account_session s JOIN account a ON a.id = s.account_id
                WHERE s.token_hash = $1 AND s.expires > now()""")
                .execute(Tuple.of(Buffer.buffer(tokenHash)))
                .map(SessionRepository::first);
    }

    public Uni<Void> delete(byte[] tokenHash) {
        return client.preparedQuery("DELETE FROM account_session WHERE token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(tokenHash)))
                .replaceWithVoid();
    }

    /** Deletes every session of the account but the one named; answers how many ended. */
    public Uni<Integer> deleteOthers(SqlClient connection, int accountId, byte[] keepTokenHash) {
        return connection.preparedQuery("DELETE FROM account_session WHERE account_id = $1 AND token_hash <> $2")
                .execute(Tuple.of(accountId, Buffer.buffer(keepTokenHash)))
                .map(RowSet::rowCount);
    }

    public Uni<Integer> deleteExpired() {
        return client.query("DELETE FROM account_session WHERE expires <= now()").execute().map(RowSet::rowCount);
    }

    private static Optional<WebSession> first(RowSet<Row> rows) {
        for (Row row : rows) {
            return Optional.of(new WebSession(row.getInteger("account_id"), row.getString("name"),
                    row.getString("provider"), row.getString("csrf_token")));
        }
        return Optional.empty();
    }
}
