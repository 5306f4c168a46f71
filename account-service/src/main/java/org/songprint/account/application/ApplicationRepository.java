package org.songprint.account.application;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.songprint.account.account.ApiKeyGenerator;

/** Applications and their client API keys. */
@ApplicationScoped
public class ApplicationRepository {

    private static final String COLUMNS = "id, name, version, apikey, created, active, account_id, email, website, rate_limit";

    private final Pool client;

    public ApplicationRepository(Pool client) {
        this.client = client;
    }

    public Uni<List<Application>> listByAccount(int accountId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM application WHERE account_id = $1 ORDER BY active DESC, name, id")
                .execute(Tuple.of(accountId)).map(ApplicationRepository::all);
    }

    public Uni<Optional<Application>> find(int id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM application WHERE id = $1")
                .execute(Tuple.of(id)).map(rows -> all(rows).stream().findFirst());
    }

    public Uni<Optional<Application>> findByApiKey(String apiKey) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM application WHERE apikey = $1")
                .execute(Tuple.of(apiKey)).map(rows -> all(rows).stream().findFirst());
    }

    public Uni<Integer> insert(int accountId, ApplicationForm form) {
        return client.preparedQuery("""
                INSERT INTO application (name, version, apikey, account_id, email, website)
                VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
                .execute(Tuple.tuple().addValue(form.name()).addValue(nullable(form.version()))
                        .addValue(ApiKeyGenerator.newKey()).addValue(accountId).addValue(nullable(form.email()))
                        .addValue(nullable(form.website())))
                .map(rows -> rows.iterator().next().getInteger("id"));
    }

    public Uni<Void> update(int id, ApplicationForm form) {
        return client.preparedQuery("UPDATE application SET name = $2, version = $3, email = $4, website = $5 WHERE id = $1")
                .execute(Tuple.tuple().addValue(id).addValue(form.name()).addValue(nullable(form.version()))
                        .addValue(nullable(form.email())).addValue(nullable(form.website())))
                .replaceWithVoid();
    }

    public Uni<Void> setActive(int id, boolean active) {
        return client.preparedQuery("UPDATE application SET active = $2 WHERE id = $1")
                .execute(Tuple.of(id, active)).replaceWithVoid();
    }

    public Uni<String> regenerateApiKey(int id) {
        String key = ApiKeyGenerator.newKey();
        return client.preparedQuery("UPDATE application SET apikey = $2 WHERE id = $1")
                .execute(Tuple.of(id, key)).replaceWith(key);
    }

    /** Optional fields left empty are stored as NULL. */
    private static String nullable(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static List<Application> all(RowSet<Row> rows) {
        List<Application> applications = new ArrayList<>();
        for (Row row : rows) {
            applications.add(new Application(row.getInteger("id"), row.getString("name"), row.getString("version"),
                    row.getString("apikey"), row.getOffsetDateTime("created"), row.getBoolean("active"),
                    row.getInteger("account_id"), row.getString("email"), row.getString("website"),
                    row.getInteger("rate_limit")));
        }
        return applications;
    }
}
