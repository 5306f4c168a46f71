package org.songprint.account.apikey;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.songprint.common.event.ApiKeyEvent;

/** Reads the state of every API key: applications' client keys and accounts' user keys. */
@ApplicationScoped
public class ApiKeyRepository {

    private final Pool client;

    public ApiKeyRepository(Pool client) {
        this.client = client;
    }

    public Uni<Map<String, ApiKeyEvent>> allKeys() {
        return client.query("""
                SELECT apikey, 'CLIENT' AS key_type, id AS application_id, account_id, active, rate_limit FROM application
                UNION ALL
                SELECT apikey, 'USER', NULL, id, true, NULL FROM account""")
                .execute()
                .map(rows -> {
                    Map<String, ApiKeyEvent> keys = new HashMap<>();
                    for (Row row : rows) {
                        String key = row.getString("apikey");
                        keys.put(key, new ApiKeyEvent(ApiKeyEvent.SCHEMA_VERSION, key,
                                ApiKeyEvent.KeyType.valueOf(row.getString("key_type")), row.getInteger("application_id"),
                                row.getInteger("account_id"), row.getBoolean("active"), row.getInteger("rate_limit"),
                                Instant.EPOCH));
                    }
                    return keys;
                });
    }
}
