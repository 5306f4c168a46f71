package org.songprint.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PhaseTimingsTest {

    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(5_000 * MS);
    private final PhaseTimings timings = new PhaseTimings(now::get, "reading", "publishing");

    @Test
    void sumsEachPhaseAndResetsAfterASummary() {
        timings.add(0, 3 * MS);
        timings.add(0, 4 * MS + 999_999);
        timings.add(1, 20 * MS);
        now.addAndGet(2_500 * MS);

        PhaseTimings.Summary first = timings.drain();
        assertEquals("reading 7 ms, publishing 20 ms", first.phases());
        assertEquals(2.5, first.seconds());
        assertEquals(0, first.rounds());

        now.addAndGet(1_000 * MS);
        PhaseTimings.Summary second = timings.drain();
        assertEquals("reading 0 ms, publishing 0 ms", second.phases());
        assertEquals(1.0, second.seconds());
    }

    @Test
    void roundsCountItemsAndNameTheSlowest() {
        timings.addRound(3, 10 * MS, 5 * MS);
        timings.addRound(500, 2 * MS, 40 * MS);
        timings.addRound(1, 1 * MS, 1 * MS);

        PhaseTimings.Summary summary = timings.drain();
        assertEquals(3, summary.rounds());
        assertEquals(504, summary.items());
        assertEquals(42, summary.slowestRoundMillis());
        assertEquals("reading 13 ms, publishing 46 ms", summary.phases());
        assertEquals(0, timings.drain().slowestRoundMillis());
    }

    @Test
    void summarisesOnlyOnceTheIntervalHasPassed() {
        timings.add(1, 8 * MS);
        now.addAndGet(9_999 * MS);
        assertNull(timings.drainIfDue(Duration.ofSeconds(10)));

        now.addAndGet(1 * MS);
        PhaseTimings.Summary due = timings.drainIfDue(Duration.ofSeconds(10));
        assertEquals("reading 0 ms, publishing 8 ms", due.phases());
        assertNull(timings.drainIfDue(Duration.ofSeconds(10)), "the interval starts again after a summary");
    }

    @Test
    void aRoundMustNameEveryPhase() {
        assertThrows(IllegalArgumentException.class, () -> timings.addRound(1, 5 * MS));
        assertThrows(IllegalArgumentException.class, () -> new PhaseTimings(now::get));
    }
}
