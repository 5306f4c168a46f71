package org.songprint.account.login;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The links from login identities to accounts: {@code account_google} and {@code account_openid}. */
@ApplicationScoped
public class AccountLinkRepository {

    /** The account the identity is linked to, or null. */
    public Uni<Integer> findAccount(SqlClient connection, LoginIdentity identity) {
        Uni<io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row>> rows = identity.kind() == LoginProviders.Kind.GOOGLE
                ? connection.preparedQuery("SELECT account_id FROM account_google WHERE google_user_id = $1")
                        .execute(Tuple.of(identity.subject()))
                : connection.preparedQuery("SELECT account_id FROM account_openid WHERE issuer = $1 AND subject = $2")
                        .execute(Tuple.of(identity.issuer(), identity.subject()));
        return rows.map(result -> result.size() == 0 ? null : result.iterator().next().getInteger("account_id"));
    }

    /** Links the identity to the account; false if a concurrent login linked it first. */
    public Uni<Boolean> link(SqlClient connection, LoginIdentity identity, int accountId) {
        Uni<io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row>> rows = identity.kind() == LoginProviders.Kind.GOOGLE
                ? connection.preparedQuery("""
                        INSERT INTO account_google (google_user_id, account_id) VALUES ($1, $2)
                        ON CONFLICT DO NOTHING""").execute(Tuple.of(identity.subject(), accountId))
                : connection.preparedQuery("""
                        INSERT INTO account_openid (openid, account_id, issuer, subject) VALUES ($1, $2, $3, $4)
                        ON CONFLICT DO NOTHING""")
                        .execute(Tuple.of(identity.openid(), accountId, identity.issuer(), identity.subject()));
        return rows.map(result -> result.rowCount() == 1);
    }
}
