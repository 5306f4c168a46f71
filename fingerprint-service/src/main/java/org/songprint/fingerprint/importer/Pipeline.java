package org.songprint.fingerprint.importer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Statements of one transaction, sent on its connection as soon as they are known instead of one
 * round trip each: the PostgreSQL client pipelines them, and the server runs them in the order
 * sent. An import batch was a dozen sequential round trips; at a steady trickle of small batches
 * the waiting, not the statements, was most of its write time.
 *
 * <p>Once a statement fails, PostgreSQL answers every later one of the transaction with "current
 * transaction is aborted"; {@link #await} therefore reports the failures in the order the
 * statements were sent, so the caller sees the statement that failed first.
 */
final class Pipeline {

    /** How long the importer waits for PostgreSQL, statement or transaction, before it gives up. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final SqlConnection connection;
    private final List<CompletableFuture<?>> sent = new ArrayList<>();

    Pipeline(SqlConnection connection) {
        this.connection = connection;
    }

    /** Sends a statement now; its rows are mapped when they arrive. */
    <T> CompletableFuture<T> send(String sql, Tuple arguments, Function<RowSet<Row>, T> result) {
        return send(connection.preparedQuery(sql).execute(arguments).map(result));
    }

    /** Sends a statement now, for its effect only. */
    CompletableFuture<Void> send(String sql, Tuple arguments) {
        return send(connection.preparedQuery(sql).execute(arguments).replaceWithVoid());
    }

    private <T> CompletableFuture<T> send(Uni<T> statement) {
        CompletableFuture<T> future = statement.subscribeAsCompletionStage();
        sent.add(future);
        return future;
    }

    /** The result of a sent statement, after every statement sent before it has succeeded. */
    <T> T await(CompletableFuture<T> statement) {
        for (CompletableFuture<?> earlier : sent) {
            if (earlier == statement) {
                break;
            }
            get(earlier);
        }
        return get(statement);
    }

    /** Waits for every statement sent so far; throws the first failure in the order sent. */
    void awaitAll() {
        for (CompletableFuture<?> statement : sent) {
            get(statement);
        }
    }

    private static <T> T get(CompletableFuture<T> statement) {
        try {
            return statement.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from PostgreSQL within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
