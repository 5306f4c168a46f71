package org.songprint.common.failure;

import io.vertx.core.VertxException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells an outage from a failed try. An outage (the broker, the database or the network away or
 * overloaded) is waited out, however long it lasts: retrying later succeeds, and nothing about the
 * record is wrong. Anything else (refused data, a bug, an unreadable record) counts as a failed try
 * of the record in hand, which a consumer parks after a bounded number of tries.
 */
public final class Failures {

    /** Reasons are stored and listed; a stack of wrapped messages can run long. */
    static final int MAX_REASON = 500;

    private Failures() {
    }

    /** Whether the failure, or any cause of it, is an outage to be waited out. */
    public static boolean isOutage(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (isOutageItself(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutageItself(Throwable t) {
        if (t instanceof DatabaseException db) {
            return isOutageState(db.getSqlState());
        }
        return t instanceof SocketException // ConnectException, NoRouteToHostException, "Connection reset"
                || t instanceof SocketTimeoutException
                || t instanceof UnknownHostException
                || t instanceof ClosedChannelException
                || t instanceof TimeoutException // java.util.concurrent: an answer that did not come in time
                || t instanceof io.smallrye.mutiny.TimeoutException
                || t instanceof RetriableException // Kafka: not enough replicas, leader moving, its own timeouts, ...
                || isNettyIoError(t)
                || isLostConnection(t);
    }

    /**
     * SQLSTATEs that say the server, not the statement, is the problem: connection errors (08),
     * insufficient resources (53), shutting down or starting up (57P01-57P03), a read-only standby
     * after a failover (25006), lock, serialization and deadlock conflicts (55P03, 40001, 40P01) and
     * system errors (58). Data and integrity errors (22, 23) and everything else are the record's.
     */
    static boolean isOutageState(String state) {
        if (state == null || state.length() != 5) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("58")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("25006") || state.equals("55P03") || state.equals("40001") || state.equals("40P01");
    }

    /** Netty's native transport reports a reset connection as its own IOException, not a SocketException. */
    private static boolean isNettyIoError(Throwable t) {
        return t instanceof IOException && t.getClass().getName().startsWith("io.netty.");
    }

    /**
     * The Vert.x clients report a lost connection, a closed pool and a connection that could not be
     * had in time with plain exceptions that only their messages tell apart.
     */
    private static boolean isLostConnection(Throwable t) {
        boolean vertx = t instanceof VertxException || t.getClass().getName().startsWith("io.vertx.core.impl.NoStackTrace");
        if (!vertx || t.getMessage() == null) {
            return false;
        }
        String message = t.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("closed") || message.contains("timeout") || message.contains("timed out")
                || message.contains("connection");
    }

    /**
     * What went wrong, for an operator: the innermost informative failure as {@code Type: message},
     * without the wrappers of futures, at most 500 characters and without NULs (PostgreSQL's text
     * refuses them).
     */
    public static String reason(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String reason = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        if (t.getCause() != null && t.getCause() != t && t.getCause().getMessage() != null
                && (t.getMessage() == null || !t.getMessage().contains(t.getCause().getMessage()))) {
            // e.g. "SerializationException: malformed SubmissionEvent on submissions" says too little alone
            reason += " (" + t.getCause().getClass().getSimpleName() + ": " + t.getCause().getMessage() + ")";
        }
        return clean(reason);
    }

    static String clean(String text) {
        String cleaned = text.replace('\u0000', ' ');
        if (cleaned.length() <= MAX_REASON) {
            return cleaned;
        }
        int end = MAX_REASON - 1;
        if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return cleaned.substring(0, end) + "…";
    }
}
