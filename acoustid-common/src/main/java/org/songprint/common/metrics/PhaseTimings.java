package org.songprint.common.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Where a worker loop's time goes: nanoseconds summed per named phase, summarised for the loop's
 * periodic log line ("reading 120 ms, publishing 300 ms") and reset. A profiler answers the same
 * question, but only when someone attaches one; this line is in the log when a stall is reported.
 * Thread-safe, and cheap enough to call for every batch.
 */
public final class PhaseTimings {

    private final String[] phases;
    private final long[] nanos;
    private final LongSupplier clock;
    private long since;
    private long rounds;
    private long items;
    private long slowestRound;

    public PhaseTimings(String... phases) {
        this(System::nanoTime, phases);
    }

    PhaseTimings(LongSupplier clock, String... phases) {
        if (phases.length == 0) {
            throw new IllegalArgumentException("no phases");
        }
        this.phases = phases.clone();
        this.nanos = new long[phases.length];
        this.clock = clock;
        this.since = clock.getAsLong();
    }

    /** Adds time to one phase (its index in the constructor's list). */
    public synchronized void add(int phase, long elapsedNanos) {
        nanos[phase] += elapsedNanos;
    }

    /**
     * Adds one round of work (a batch of {@code size} items) whose phases took these times, in the
     * constructor's order; the summary then also counts rounds and items and names the slowest round.
     */
    public synchronized void addRound(int size, long... phaseNanos) {
        if (phaseNanos.length != nanos.length) {
            throw new IllegalArgumentException("expected " + nanos.length + " phase times, got " + phaseNanos.length);
        }
        long total = 0;
        for (int i = 0; i < phaseNanos.length; i++) {
            nanos[i] += phaseNanos[i];
            total += phaseNanos[i];
        }
        rounds++;
        items += size;
        slowestRound = Math.max(slowestRound, total);
    }

    /** The summary since the last one, resetting the sums; null while less than {@code interval} has passed. */
    public synchronized Summary drainIfDue(Duration interval) {
        return clock.getAsLong() - since >= interval.toNanos() ? drain() : null;
    }

    /** The summary since the last one, resetting the sums. */
    public synchronized Summary drain() {
        long now = clock.getAsLong();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < phases.length; i++) {
            text.append(i == 0 ? "" : ", ").append(phases[i]).append(' ').append(nanos[i] / 1_000_000).append(" ms");
            nanos[i] = 0;
        }
        Summary summary = new Summary((now - since) / 1e9, rounds, items, slowestRound / 1_000_000, text.toString());
        since = now;
        rounds = 0;
        items = 0;
        slowestRound = 0;
        return summary;
    }

    /**
     * One interval's figures; {@code phases} reads "name N ms, …" in the constructor's order, and
     * {@code rounds}, {@code items} and {@code slowestRoundMillis} count only {@link #addRound} calls.
     */
    public record Summary(double seconds, long rounds, long items, long slowestRoundMillis, String phases) {
        @Override
        public String toString() {
            return phases;
        }
    }
}
