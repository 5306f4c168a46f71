package org.songprint.account.login;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The links from login identities to accounts: {@code account_google} and {@code account_openid}. */
@ApplicationScoped
public class AccountLinkRepository {

    /** A stored link: its kind and key, the provider (tenant) it came through if known, and who it is. */
    public record Link(LoginProviders.Kind kind, String key, String provider, String issuer, String name, String email) {
    }

    /** The account the identity is linked to, or null. */
    public Uni<Integer> findAccount(SqlClient connection, LoginIdentity identity) {
        Uni<RowSet<Row>> rows = identity.kind() == LoginProviders.Kind.GOOGLE
                ? connection.preparedQuery("SELECT account_id FROM account_google WHERE google_user_id = $1")
                        .execute(Tuple.of(identity.subject()))
                : connection.preparedQuery("SELECT account_id FROM account_openid WHERE issuer = $1 AND subject = $2")
                        .execute(Tuple.of(identity.issuer(), identity.subject()));
        return rows.map(result -> result.size() == 0 ? null : result.iterator().next().getInteger("account_id"));
    }

    /** Links the identity to the account; false if a concurrent login linked it first. */
    public Uni<Boolean> link(SqlClient connection, LoginIdentity identity, int accountId) {
        Uni<RowSet<Row>> rows = identity.kind() == LoginProviders.Kind.GOOGLE
                ? connection.preparedQuery("""
                        INSERT INTO account_google (google_user_id, account_id, display_name, email) VALUES ($1, $2, $3, $4)
                        ON CONFLICT DO NOTHING""")
                        .execute(Tuple.of(identity.subject(), accountId, identity.name(), identity.email()))
                : connection.preparedQuery("""
                        INSERT INTO account_openid (openid, account_id, issuer, subject, provider, display_name, email)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        ON CONFLICT DO NOTHING""")
                        .execute(Tuple.from(new Object[] {identity.openid(), accountId, identity.issuer(),
                                identity.subject(), identity.provider(), identity.name(), identity.email()}));
        return rows.map(result -> result.rowCount() == 1);
    }

    /** Records who the provider says the linked identity is now (names change; old links had none). */
    public Uni<Void> refresh(SqlClient connection, LoginIdentity identity) {
        Uni<RowSet<Row>> rows = identity.kind() == LoginProviders.Kind.GOOGLE
                ? connection.preparedQuery("UPDATE account_google SET display_name = $2, email = $3 WHERE google_user_id = $1")
                        .execute(Tuple.of(identity.subject(), identity.name(), identity.email()))
                : connection.preparedQuery("""
                        UPDATE account_openid SET provider = $3, display_name = $4, email = $5
                        WHERE issuer = $1 AND subject = $2""")
                        .execute(Tuple.of(identity.issuer(), identity.subject(), identity.provider(),
                                identity.name(), identity.email()));
        return rows.replaceWithVoid();
    }

    /** Every identity linked to the account, oldest first. */
    public Uni<List<Link>> linkedTo(SqlClient connection, int accountId) {
        return connection.preparedQuery("""
                SELECT 'OPENID' AS kind, openid AS key, provider, issuer, display_name, email, created
                FROM account_openid WHERE account_id = $1
                UNION ALL
                SELECT 'GOOGLE', google_user_id, NULL, 'https://accounts.google.com', display_name, email, created
                FROM account_google WHERE account_id = $1
                ORDER BY created, key""")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    List<Link> links = new ArrayList<>();
                    for (Row row : rows) {
                        links.add(new Link(LoginProviders.Kind.valueOf(row.getString("kind")), row.getString("key"),
                                row.getString("provider"), row.getString("issuer"), row.getString("display_name"),
                                row.getString("email")));
                    }
                    return links;
                });
    }

    /** Locks the account's row until the transaction ends, so that two unlinks cannot both leave the other. */
    public Uni<Void> lockAccount(SqlClient connection, int accountId) {
        return connection.preparedQuery("SELECT id FROM account WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(accountId)).replaceWithVoid();
    }

    /** Removes the account's link of that kind and key; false if the account has no such link. */
    public Uni<Boolean> unlink(SqlClient connection, int accountId, LoginProviders.Kind kind, String key) {
        String sql = kind == LoginProviders.Kind.GOOGLE
                ? "DELETE FROM account_google WHERE account_id = $1 AND google_user_id = $2"
                : "DELETE FROM account_openid WHERE account_id = $1 AND openid = $2";
        return connection.preparedQuery(sql).execute(Tuple.of(accountId, key)).map(result -> result.rowCount() == 1);
    }
}
