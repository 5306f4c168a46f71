package org.songprint.account.account;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Accounts and their user API keys. */
@ApplicationScoped
public class AccountRepository {

    private final Pool client;

    public AccountRepository(Pool client) {
        this.client = client;
    }

    public Pool pool() {
        return client;
    }

    /** A new account made by a first login, with a fresh user API key. */
    public Uni<Integer> createForLogin(SqlClient connection, String name) {
        return connection.preparedQuery("INSERT INTO account (name, apikey, lastlogin) VALUES ($1, $2, now()) RETURNING id")
                .execute(Tuple.of(name, ApiKeyGenerator.newKey()))
                .map(rows -> rows.iterator().next().getInteger("id"));
    }

    /** A new anonymous account made by an application ({@code /v2/user/create_anonymous}). */
    public Uni<String> createAnonymous(int applicationId, String applicationVersion, String createdFrom) {
        String key = ApiKeyGenerator.newKey();
        return client.preparedQuery("""
                INSERT INTO account (name, apikey, application_id, application_version, created_from)
                VALUES ('Anonymous', $1, $2, $3, $4::text::inet)""")
                .execute(Tuple.of(key, applicationId, applicationVersion, createdFrom))
                .replaceWith(key);
    }

    public Uni<Void> touchLastLogin(SqlClient connection, int accountId) {
        return connection.preparedQuery("UPDATE account SET lastlogin = now() WHERE id = $1")
                .execute(Tuple.of(accountId)).replaceWithVoid();
    }

    /** The names of the accounts {@code ids} names (absent ones are left out). */
    public Uni<Map<Integer, String>> names(Collection<Integer> ids) {
        return client.preparedQuery("SELECT id, name FROM account WHERE id = ANY($1)")
                .execute(Tuple.of((Object) ids.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, String> names = new HashMap<>();
                    rows.forEach(row -> names.put(row.getInteger("id"), row.getString("name")));
                    return names;
                });
    }

    public Uni<Optional<Account>> find(int accountId) {
        return client.preparedQuery("SELECT id, name, apikey, created, lastlogin, submission_count FROM account WHERE id = $1")
                .execute(Tuple.of(accountId)).map(AccountRepository::first);
    }

    public Uni<Optional<Account>> findByApiKey(String apiKey) {
        return client.preparedQuery("SELECT id, name, apikey, created, lastlogin, submission_count FROM account WHERE apikey = $1")
                .execute(Tuple.of(apiKey)).map(AccountRepository::first);
    }

    public Uni<String> regenerateApiKey(int accountId) {
        String key = ApiKeyGenerator.newKey();
        return client.preparedQuery("UPDATE account SET apikey = $1 WHERE id = $2")
                .execute(Tuple.of(key, accountId)).replaceWith(key);
    }

    private static Optional<Account> first(RowSet<Row> rows) {
        for (Row row : rows) {
            return Optional.of(new Account(row.getInteger("id"), row.getString("name"), row.getString("apikey"),
                    row.getOffsetDateTime("created"), row.getOffsetDateTime("lastlogin"),
                    row.getInteger("submission_count")));
        }
        return Optional.empty();
    }
}
