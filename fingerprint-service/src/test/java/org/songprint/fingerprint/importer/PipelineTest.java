package org.songprint.fingerprint.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The importer's statement pipeline on a real PostgreSQL connection. */
@QuarkusTest
class PipelineTest {

    @Inject
    Pool pool;

    @Test
    void statementsSentTogetherRunInTheOrderSent() {
        inTransaction(pipeline -> {
            pipeline.send("CREATE TEMP TABLE pipeline_order (n int) ON COMMIT DROP", Tuple.tuple());
            for (int n = 1; n <= 5; n++) {
                pipeline.send("INSERT INTO pipeline_order VALUES ($1)", Tuple.of(n));
            }
            CompletableFuture<String> order = pipeline.send("SELECT string_agg(n::text, ',' ORDER BY ctid) AS seen FROM pipeline_order",
                    Tuple.tuple(), rows -> rows.iterator().next().getString("seen"));
            assertThat(pipeline.await(order)).isEqualTo("1,2,3,4,5");
        });
    }

    @Test
    void theFirstFailureIsReportedNotTheAbortedTransactionBehindIt() {
        // the importer tells a refused row (SQL state class 22/23: import one by one) from a
        // passing failure (retry the batch) by this state
        inTransaction(pipeline -> {
            pipeline.send("SELECT 1 / $1 AS x", Tuple.of(0));
            CompletableFuture<Integer> after = pipeline.send("SELECT 1 AS one", Tuple.tuple(),
                    rows -> rows.iterator().next().getInteger("one"));
            assertThatThrownBy(() -> pipeline.await(after)).isInstanceOfSatisfying(PgException.class,
                    e -> assertThat(e.getSqlState()).isEqualTo("22012"));
            assertThatThrownBy(pipeline::awaitAll).isInstanceOfSatisfying(PgException.class,
                    e -> assertThat(e.getSqlState()).isEqualTo("22012"));
            assertThatThrownBy(() -> after.join()).hasRootCauseInstanceOf(PgException.class)
                    .hasRootCauseMessage("ERROR: current transaction is aborted, commands ignored until end of transaction block (25P02)");
        });
    }

    private void inTransaction(Consumer<Pipeline> body) {
        SqlConnection connection = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            Transaction tx = connection.begin().await().atMost(Duration.ofSeconds(10));
            try {
                body.accept(new Pipeline(connection));
            } finally {
                tx.rollback().await().atMost(Duration.ofSeconds(10));
            }
        } finally {
            connection.close().await().atMost(Duration.ofSeconds(10));
        }
    }
}
