package org.songprint.common.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aServerOrNetworkAwayIsAnOutageHoweverDeeplyWrapped() {
        assertTrue(Failures.isOutage(new ConnectException("Connection refused")));
        assertTrue(Failures.isOutage(new CompletionException(new ExecutionException(new ConnectException("refused")))));
        assertTrue(Failures.isOutage(new IllegalStateException("no answer from PostgreSQL within 60 s",
                new TimeoutException())));
        // three classes named TimeoutException (java.util.concurrent, Mutiny, Kafka): the last two stay qualified
        assertTrue(Failures.isOutage(new io.smallrye.mutiny.TimeoutException()));
        assertTrue(Failures.isOutage(new ClosedChannelException()));
        assertTrue(Failures.isOutage(ClosedConnectionException.INSTANCE));
        assertTrue(Failures.isOutage(new VertxException("Connection is closed")));
        assertTrue(Failures.isOutage(new VertxException("Timeout")));
        assertTrue(Failures.isOutage(new ExecutionException(new NotEnoughReplicasException("2 of 3"))));
        assertTrue(Failures.isOutage(new org.apache.kafka.common.errors.TimeoutException("metadata")));
    }

    @Test
    void theDatabaseSaysByItsStateWhetherItOrTheStatementIsTheProblem() {
        for (String state : new String[] {"08006", "08001", "53300", "57P01", "57P02", "57P03", "40001", "40P01",
            "25006", "55P03", "58030"}) {
            assertTrue(Failures.isOutage(pg(state)), state);
        }
        for (String state : new String[] {"22P02", "22021", "23505", "23503", "23514", "P0001", "42P01", "57014"}) {
            assertFalse(Failures.isOutage(pg(state)), state);
        }
        assertFalse(Failures.isOutage(pg(null)));
    }

    @Test
    void whatIsWrongWithTheRecordOrTheCodeIsATry() {
        assertFalse(Failures.isOutage(new IllegalArgumentException("impossible submission id")));
        assertFalse(Failures.isOutage(new NullPointerException()));
        assertFalse(Failures.isOutage(new SerializationException("malformed", new JsonParseException(null, "x"))));
        assertFalse(Failures.isOutage(new ExecutionException(new RecordTooLargeException("2 MB"))));
        assertFalse(Failures.isOutage(new VertxException("unsupported type")));
        assertFalse(Failures.isOutage(new CompletionException(pg("23514"))));
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(Failures.isOutage(a));
    }

    @Test
    void theReasonNamesTheFailureInsideTheWrappersAndFitsTheColumn() {
        assertEquals("PgException: ERROR: new row violates check constraint (23514)",
                Failures.reason(new CompletionException(pg("23514"))));
        assertEquals("SerializationException: malformed SubmissionEvent (JsonParseException: Unexpected character)",
                Failures.reason(new SerializationException("malformed SubmissionEvent",
                        new JsonParseException(null, "Unexpected character"))));
        String reason = Failures.reason(new IllegalArgumentException("x\u0000".repeat(400)));
        assertEquals(Failures.MAX_REASON, reason.length());
        assertFalse(reason.contains("\u0000"));
        assertTrue(reason.endsWith("…"));
    }

    private static PgException pg(String state) {
        return new PgException("new row violates check constraint", "ERROR", state, null);
    }
}
