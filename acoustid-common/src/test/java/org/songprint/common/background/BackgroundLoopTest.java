package org.songprint.common.background;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** The shared loop: work runs again at once, idle waits until woken, failures back off, stop ends it. */
class BackgroundLoopTest {

    private static final Logger LOG = Logger.getLogger(BackgroundLoopTest.class);

    @Test
    void moreWorkRunsAtOnceAndAnIdleLoopWaitsForAWakeUp() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch idle = new CountDownLatch(1);
        CountDownLatch slowRoundStarted = new CountDownLatch(1);
        BackgroundLoop loop = new BackgroundLoop("test-loop", () -> {
            int round = rounds.incrementAndGet();
            if (round < 5) {
                return BackgroundLoop.Outcome.MORE;
            }
            if (round == 5) {
                idle.countDown();
            } else if (round == 6) {
                slowRoundStarted.countDown();
                Thread.sleep(300);
            }
            return BackgroundLoop.Outcome.IDLE;
        }, Duration.ofMinutes(10), Duration.ofMillis(10), Duration.ofMillis(10), LOG);
        loop.start();
        try {
            assertThat(idle.await(5, TimeUnit.SECONDS)).as("four rounds with more work, then idle").isTrue();
            Thread.sleep(200);
            assertThat(rounds.get()).as("idle for its interval (10 min)").isEqualTo(5);
            loop.wake();
            assertThat(slowRoundStarted.await(5, TimeUnit.SECONDS)).as("woken").isTrue();
            // a hundred wake-ups while a round runs make one more round, not a hundred
            for (int i = 0; i < 100; i++) {
                loop.wake();
            }
            Thread.sleep(1_000);
            assertThat(rounds.get()).isEqualTo(7);
        } finally {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFailingStepIsRetriedWithADoublingBackOffAndStopEndsTheLoop() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        BackgroundLoop loop = new BackgroundLoop("failing-loop", () -> {
            rounds.incrementAndGet();
            throw new IllegalStateException("broken");
        }, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(400), LOG);
        assertThat(loop.backoffMs(1)).isEqualTo(100);
        assertThat(loop.backoffMs(2)).isEqualTo(200);
        assertThat(loop.backoffMs(3)).isEqualTo(400);
        assertThat(loop.backoffMs(30)).isEqualTo(400);
        loop.start();
        Thread.sleep(1_000);
        loop.stop(Duration.ofSeconds(5));
        // 0, 100, 300, 700 ms: four rounds in the first second, not hundreds
        assertThat(rounds.get()).isBetween(2, 5);
        int stopped = rounds.get();
        Thread.sleep(300);
        assertThat(rounds.get()).as("no round after stop").isEqualTo(stopped);
    }

    @Test
    void stopInterruptsAStepThatCanStartOverAndRunsTheInterrupter() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger interrupter = new AtomicInteger();
        BackgroundLoop loop = new BackgroundLoop("long-step", () -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            return BackgroundLoop.Outcome.IDLE;
        }, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(10), LOG)
                .interruptedOnStop().interruptedBy(interrupter::incrementAndGet);
        loop.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        long before = System.nanoTime();
        loop.stop(Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(interrupted.get()).isEqualTo(1);
        assertThat(interrupter.get()).isEqualTo(1);
    }
}
