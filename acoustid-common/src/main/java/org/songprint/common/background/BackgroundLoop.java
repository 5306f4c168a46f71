package org.songprint.common.background;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The suite's one way to run background work that is not a SmallRye channel (docs/background-work.md):
 * a named daemon thread repeating a {@link Step}. A step that found work runs again at once; an idle
 * one waits for the idle interval or a {@link #wake()}, whichever comes first (wake-ups coalesce: no
 * queue grows with callers). A failing step is retried after a back-off that doubles up to a maximum,
 * and logged once, then at most once a minute while it keeps failing; its first success says so.
 */
public final class BackgroundLoop {

    /** One round of the work. */
    @FunctionalInterface
    public interface Step {
        /** Runs one round: {@link Outcome#MORE} when more work is waiting, {@link Outcome#IDLE} when not. */
        Outcome run() throws Exception;
    }

    public enum Outcome { MORE, IDLE }

    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String name;
    private final Step step;
    private final long idleMs;
    private final long firstBackoffMs;
    private final long maxBackoffMs;
    private final Logger log;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile Runnable interrupter = () -> { };
    private volatile boolean interruptAtOnce;
    private Thread thread;

    /**
     * @param name the thread's name, and how the log calls the work
     * @param idle how long an idle loop waits before looking again (unless woken)
     * @param firstBackoff the wait after a first failure, doubled per failure in a row up to {@code maxBackoff}
     */
    public BackgroundLoop(String name, Step step, Duration idle, Duration firstBackoff, Duration maxBackoff, Logger log) {
        this.name = name;
        this.step = step;
        this.idleMs = idle.toMillis();
        this.firstBackoffMs = Math.max(1, firstBackoff.toMillis());
        this.maxBackoffMs = Math.max(this.firstBackoffMs, maxBackoff.toMillis());
        this.log = log;
    }

    /** What {@link #stop} does besides asking, for a step blocked where an interrupt does not reach (a Kafka poll). */
    public BackgroundLoop interruptedBy(Runnable interrupter) {
        this.interrupter = interrupter;
        return this;
    }

    /** Makes {@link #stop} interrupt the step at once instead of letting it finish (a long load that can start over). */
    public BackgroundLoop interruptedOnStop() {
        this.interruptAtOnce = true;
        return this;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the loop to end after the step in hand, and waits up to {@code grace} for it. */
    public void stop(Duration grace) {
        Thread current;
        synchronized (this) {
            current = thread;
            thread = null;
        }
        running = false;
        wake.release();
        if (current == null) {
            return;
        }
        interrupter.run();
        if (interruptAtOnce) {
            current.interrupt();
        }
        try {
            current.join(Math.max(1, grace.toMillis()));
            if (current.isAlive()) {
                current.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the next round now instead of at the end of the idle wait. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** Whether the loop should go on (a long step checks it between its own parts). */
    public boolean running() {
        return running;
    }

    private void loop() {
        int failures = 0;
        long lastWarned = 0;
        while (running) {
            try {
                Outcome outcome = step.run();
                if (failures > 0) {
                    log.infof("%s: working again after %d failed round(s)", name, failures);
                    failures = 0;
                }
                if (outcome == Outcome.IDLE && running) {
                    wake.tryAcquire(idleMs, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                failures++;
                long backoff = backoffMs(failures);
                long now = System.nanoTime();
                if (failures == 1) {
                    lastWarned = now;
                    log.warnf(e, "%s: failed, retrying in %d ms", name, backoff);
                } else if (now - lastWarned >= WARN_EVERY_NANOS) {
                    lastWarned = now;
                    log.warnf("%s: failed (%d in a row), retrying in %d ms: %s", name, failures, backoff, e.toString());
                }
                try {
                    if (wake.tryAcquire(backoff, TimeUnit.MILLISECONDS)) {
                        wake.drainPermits();
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    long backoffMs(int failures) {
        long backoff = firstBackoffMs << Math.min(failures - 1, 20);
        return Math.min(maxBackoffMs, backoff);
    }
}
