package org.songprint.common.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The retry rules on a step that fails as told: a poison value, an outage lasting some calls. */
class BoundedTriesTest {

    private static final Duration FAST = Duration.ofMillis(1);

    private final Map<Long, String> parked = new ConcurrentHashMap<>();
    private final Map<Long, Integer> parkedAttempts = new ConcurrentHashMap<>();
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final BoundedTries tries = new BoundedTries("test", (record, reason, attempts) -> {
        parked.put(record.offset(), reason);
        parkedAttempts.put(record.offset(), attempts);
        return Uni.createFrom().voidItem();
    }, 3, FAST, FAST, FAST);

    @Test
    void aPoisonRecordIsParkedAfterTheBoundedTriesAndTheOthersAreApplied() {
        List<ConsumerRecord<String, byte[]>> batch = records("a", "poison", "b", "c");
        tries.apply(batch, step(Set.of("poison"), 0)).await().atMost(Duration.ofSeconds(5));

        assertEquals(List.of("a", "b", "c"), applied, "everything but the poison, once each, in order");
        assertEquals(Set.of(1L), parked.keySet());
        assertTrue(parked.get(1L).startsWith("PgException: "), parked.get(1L));
        assertTrue(parked.get(1L).contains("23514"), parked.get(1L));
        assertEquals(4, parkedAttempts.get(1L), "three tries in its batch, one on its own");
        assertEquals(3 + 4, calls.get(), "three batch tries, then each record alone");
    }

    @Test
    void aSingleRecordIsParkedAfterItsTries() {
        tries.apply(records("poison"), step(Set.of("poison"), 0)).await().atMost(Duration.ofSeconds(5));
        assertEquals(Set.of(0L), parked.keySet());
        assertEquals(3, parkedAttempts.get(0L));
        assertEquals(3, calls.get());
    }

    @Test
    void anOutageIsWaitedOutWithoutCountingATryOrParking() {
        // ten failed calls for an outage: far more than the three tries a poison record gets
        tries.apply(records("a", "b"), step(Set.of(), 10)).await().atMost(Duration.ofSeconds(5));
        assertEquals(List.of("a", "b"), applied);
        assertTrue(parked.isEmpty());
        assertEquals(11, calls.get());
    }

    @Test
    void aFailureThatPassesIsOnlyTriedAgain() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        tries.apply(records("a", "b"), batch -> {
            calls.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new IllegalStateException("a passing bug"));
            }
            batch.forEach(record -> applied.add(new String(record.value())));
            return Uni.createFrom().voidItem();
        }).await().atMost(Duration.ofSeconds(5));
        assertEquals(List.of("a", "b"), applied);
        assertTrue(parked.isEmpty());
        assertEquals(3, calls.get());
    }

    @Test
    void parkingWaitsOutAnOutageToo() {
        AtomicInteger parkingFailures = new AtomicInteger(3);
        List<Long> parkedHere = new ArrayList<>();
        BoundedTries flaky = new BoundedTries("test", (record, reason, attempts) -> {
            if (parkingFailures.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new ConnectException("Connection refused"));
            }
            parkedHere.add(record.offset());
            return Uni.createFrom().voidItem();
        }, 2, FAST, FAST, FAST);
        flaky.apply(records("poison"), step(Set.of("poison"), 0)).await().atMost(Duration.ofSeconds(5));
        assertEquals(List.of(0L), parkedHere);
    }

    /** Applies a batch all or nothing: fails for a poison value, or for an outage on the first calls. */
    private Function<List<ConsumerRecord<String, byte[]>>, Uni<?>> step(Set<String> poison, int outageCalls) {
        return batch -> {
            int call = calls.incrementAndGet();
            if (call <= outageCalls) {
                return Uni.createFrom().failure(new PgException("the database system is shutting down", "FATAL",
                        "57P03", null));
            }
            for (ConsumerRecord<String, byte[]> record : batch) {
                if (poison.contains(new String(record.value()))) {
                    return Uni.createFrom().failure(new PgException("new row violates check constraint", "ERROR",
                            "23514", null));
                }
            }
            batch.forEach(record -> applied.add(new String(record.value())));
            return Uni.createFrom().voidItem();
        };
    }

    private static List<ConsumerRecord<String, byte[]>> records(String... values) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new ConsumerRecord<>("t", 0, i, "k" + i, values[i].getBytes()));
        }
        return out;
    }
}
