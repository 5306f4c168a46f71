package org.songprint.account.apikey;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;
import org.songprint.account.account.ApiKeyGenerator;

/**
 * Makes each enabled known client an application at start, owned by the operator's account
 * ({@link #OPERATOR}), and deactivates the application of one that was enabled before and is not
 * any more. The API key outbox's triggers
 * then publish the keys to the other services like any application's. A key some user's application
 * already has is left alone (and logged): it is that application's.
 */
@ApplicationScoped
public class KnownClients {

    static final String OPERATOR = "Songprint operator (known clients)";
    private static final Logger LOG = Logger.getLogger(KnownClients.class);

    private final KnownClientsConfig config;
    private final Pool pool;

    public KnownClients(KnownClientsConfig config, Pool pool) {
        this.config = config;
        this.pool = pool;
    }

    void onStart(@Observes StartupEvent event) {
        boolean anyEnabled = config.clients().values().stream().anyMatch(KnownClientsConfig.Client::enabled);
        pool.withTransaction(tx -> operator(tx, anyEnabled).flatMap(operator -> operator == null
                ? Uni.createFrom().voidItem()
                : apply(tx, operator))).await().atMost(Duration.ofSeconds(30));
    }

    private Uni<Void> apply(SqlClient tx, int operator) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, KnownClientsConfig.Client> entry : config.clients().entrySet()) {
            KnownClientsConfig.Client client = entry.getValue();
            chain = chain.flatMap(done -> (client.enabled() ? accept(tx, operator, client) : refuse(tx, operator, client))
                    .invoke(changed -> {
                        if (changed) {
                            LOG.infof("known client %s (%s): %s", entry.getKey(), client.name(),
                                    client.enabled() ? "accepted" : "refused");
                        } else if (client.enabled()) {
                            LOG.warnf("known client %s: its key belongs to a user's application, left as it is", entry.getKey());
                        }
                    }).replaceWithVoid());
        }
        return chain;
    }

    private static Uni<Boolean> accept(SqlClient tx, int operator, KnownClientsConfig.Client client) {
        return tx.preparedQuery("""
                INSERT INTO application (name, apikey, account_id, active) VALUES ($1, $2, $3, true)
                ON CONFLICT (apikey) DO UPDATE SET name = EXCLUDED.name, active = true
                 WHERE application.account_id = EXCLUDED.account_id""")
                .execute(Tuple.of(client.name(), client.key(), operator)).map(rows -> rows.rowCount() > 0);
    }

    // only an application made for it earlier: a client never enabled leaves no trace
    private static Uni<Boolean> refuse(SqlClient tx, int operator, KnownClientsConfig.Client client) {
        return tx.preparedQuery("UPDATE application SET active = false WHERE apikey = $1 AND account_id = $2 AND active")
                .execute(Tuple.of(client.key(), operator)).map(rows -> rows.rowCount() > 0);
    }

    /** The operator's account; made only when a known client is enabled (null: none, and none needed). */
    private static Uni<Integer> operator(SqlClient tx, boolean create) {
        return tx.preparedQuery("SELECT id FROM account WHERE name = $1 ORDER BY id LIMIT 1").execute(Tuple.of(OPERATOR))
                .flatMap(rows -> rows.size() > 0 || !create
                        ? Uni.createFrom().item(rows.size() > 0 ? rows.iterator().next().getInteger("id") : null)
                        : tx.preparedQuery("INSERT INTO account (name, apikey) VALUES ($1, $2) RETURNING id")
                                .execute(Tuple.of(OPERATOR, ApiKeyGenerator.newKey()))
                                .map(inserted -> inserted.iterator().next().getInteger("id")));
    }
}
