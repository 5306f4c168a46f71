package org.songprint.metadata.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The provider rate holds across replicas: two throttles (as two service instances have, sharing
 * nothing but Redis) asked at the same time hand out slots one interval apart, in total.
 */
@QuarkusTest
public class ProviderThrottleTest {

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void twoReplicasTogetherStayWithinTheRate() {
        ProviderConfig config = config(UUID.randomUUID().toString(), 4.0, Duration.ofSeconds(10));
        ProviderThrottle first = new ProviderThrottle(redis, config);
        ProviderThrottle second = new ProviderThrottle(redis, config);
        long start = System.nanoTime();
        List<Uni<Long>> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ProviderThrottle replica = i % 2 == 0 ? first : second;
            requests.add(replica.acquire().map(ready -> (System.nanoTime() - start) / 1_000_000));
        }
        List<Long> granted = new ArrayList<>(Uni.join().all(requests).andFailFast().await().atMost(Duration.ofSeconds(20)));
        granted.sort(Long::compare);
        for (int i = 1; i < granted.size(); i++) {
            assertThat(granted.get(i) - granted.get(i - 1)).as("gap between slots %d and %d (ms)", i - 1, i)
                    .isGreaterThanOrEqualTo(230);
        }
        assertThat(granted.get(7) - granted.get(0)).isBetween(1_700L, 3_000L);
    }

    @Test
    void aRequestThatWouldWaitTooLongIsRefused() {
        ProviderConfig config = config(UUID.randomUUID().toString(), 1.0, Duration.ofMillis(1500));
        ProviderThrottle throttle = new ProviderThrottle(redis, config);
        throttle.acquire().await().atMost(Duration.ofSeconds(5));
        throttle.acquire().await().atMost(Duration.ofSeconds(5));
        throttle.acquire().await().atMost(Duration.ofSeconds(5));
        // the next free slot is now more than 1.5 s away
        ProviderThrottle other = new ProviderThrottle(redis, config);
        other.acquire().subscribe().with(ok -> { }, failure -> { });
        assertThatThrownBy(() -> other.acquire().await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("rate limit");
    }

    @Test
    void queuedTellsHowLongTheSharedQueueIsAsLastSeen() {
        ProviderConfig config = config(UUID.randomUUID().toString(), 1.0, Duration.ofSeconds(3));
        ProviderThrottle throttle = new ProviderThrottle(redis, config);
        assertThat(throttle.queued()).isZero();
        throttle.acquire().await().atMost(Duration.ofSeconds(5));
        // three more slots reserved, one second apart: the last one's end is about 3 s away
        for (int i = 0; i < 3; i++) {
            throttle.acquire().subscribe().with(ok -> { }, failure -> { });
        }
        awaitQueued(throttle, Duration.ofMillis(2500));
        assertThat(throttle.queued()).isLessThanOrEqualTo(Duration.ofSeconds(4));
        // refused: the queue is at least the maximum wait long
        assertThatThrownBy(() -> throttle.acquire().await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(ProviderUnavailableException.class);
        assertThat(throttle.queued()).isGreaterThan(Duration.ofMillis(2500));
    }

    public static void awaitQueued(ProviderThrottle throttle, Duration atLeast) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (throttle.queued().compareTo(atLeast) < 0) {
            assertThat(System.nanoTime()).as("queue reported within 5 s").isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    public static ProviderConfig config(String key, double rate, Duration maxWait) {
        return new ProviderConfig() {
            public String baseUrl() {
                return "http://127.0.0.1:1/ws/2";
            }

            public String userAgent() {
                return "Songprint-test/0 ( test )";
            }

            public double requestsPerSecond() {
                return rate;
            }

            public String rateKey() {
                return "test-" + key;
            }

            public Duration maxWait() {
                return maxWait;
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(1);
            }

            public Duration timeout() {
                return Duration.ofSeconds(1);
            }

            public int retries() {
                return 0;
            }

            public Duration retryBackoff() {
                return Duration.ofMillis(10);
            }

            public int maxRedirects() {
                return 3;
            }
        };
    }
}
