package org.songprint.account.apikey;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.songprint.common.event.ApiKeyEvent;

/**
 * The API key outbox ({@code api_key_change}, filled by triggers in the transaction of each change)
 * and the current state of the keys it names: applications' client keys and accounts' user keys.
 */
@ApplicationScoped
public class ApiKeyRepository {

    /** One noted change: the outbox row and the key it names. */
    public record NotedChange(long id, String apiKey) {
    }

    private final Pool client;

    public ApiKeyRepository(Pool client) {
        this.client = client;
    }

    public Pool pool() {
        return client;
    }

    /**
     * Whether this transaction may publish: one publisher at a time across every replica, so two
     * replicas never send one key's states out of order.
     */
    public Uni<Boolean> tryPublisherLock(SqlClient tx) {
        return tx.query("SELECT pg_try_advisory_xact_lock(hashtext('api_key_change')) AS locked").execute()
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    /** The oldest noted changes, at most {@code limit}. */
    public Uni<List<NotedChange>> oldestChanges(SqlClient tx, int limit) {
        return tx.preparedQuery("SELECT id, apikey FROM api_key_change ORDER BY id LIMIT $1").execute(Tuple.of(limit))
                .map(rows -> {
                    List<NotedChange> changes = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        changes.add(new NotedChange(row.getLong("id"), row.getString("apikey")));
                    }
                    return changes;
                });
    }

    /** The current state of each of {@code keys} that still exists (a key missing here was removed). */
    public Uni<Map<String, ApiKeyEvent>> states(SqlClient tx, List<String> keys) {
        return tx.preparedQuery("""
                SELECT apikey, 'CLIENT' AS key_type, id AS application_id, account_id, active, rate_limit
                  FROM application WHERE apikey = ANY($1)
                UNION ALL
                SELECT apikey, 'USER', NULL, id, true, NULL FROM account WHERE apikey = ANY($1)""")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, ApiKeyEvent> states = new HashMap<>();
                    for (Row row : rows) {
                        String key = row.getString("apikey");
                        states.put(key, new ApiKeyEvent(ApiKeyEvent.SCHEMA_VERSION, key,
                                ApiKeyEvent.KeyType.valueOf(row.getString("key_type")), row.getInteger("application_id"),
                                row.getInteger("account_id"), row.getBoolean("active"), row.getInteger("rate_limit"),
                                Instant.EPOCH));
                    }
                    return states;
                });
    }

    /** Removes changes that have been published. */
    public Uni<Integer> forget(SqlClient tx, List<NotedChange> changes) {
        Long[] ids = changes.stream().map(NotedChange::id).toArray(Long[]::new);
        return tx.preparedQuery("DELETE FROM api_key_change WHERE id = ANY($1)").execute(Tuple.of(ids))
                .map(rows -> rows.rowCount());
    }

    /** Notes every existing key as changed, so all are published again (a Kafka cluster that lost the topic). */
    public Uni<Integer> noteEveryKey() {
        return client.query("""
                INSERT INTO api_key_change (apikey)
                SELECT apikey FROM application UNION ALL SELECT apikey FROM account""")
                .execute().map(rows -> rows.rowCount());
    }

    /** How many changes wait to be published, and the age in seconds of the oldest (0 when none). */
    public Uni<Backlog> backlog() {
        return client.query("""
                SELECT count(*) AS waiting,
                       coalesce(extract(epoch FROM clock_timestamp() - min(noted)), 0) AS oldest_seconds
                  FROM api_key_change""").execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Backlog(row.getLong("waiting"), row.getDouble("oldest_seconds"));
                });
    }

    public record Backlog(long waiting, double oldestSeconds) {
    }
}
