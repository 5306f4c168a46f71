package org.songprint.metadata.provider;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Spaces provider requests so that all replicas together stay within the provider's rate
 * (MusicBrainz: one request per second per client). Each request reserves the next free slot in
 * Redis, whose clock all replicas share, and waits until that slot. A request that would have to
 * wait longer than {@code max-wait} is refused instead of queued, so a burst of misses turns into
 * "unavailable now" answers rather than minutes of waiting. Without Redis each replica falls back
 * to spacing its own requests (logged), which keeps a single replica within the rate.
 */
@ApplicationScoped
public class ProviderThrottle {

    private static final Logger LOG = Logger.getLogger(ProviderThrottle.class);

    // Reserves max(now, next free) and moves "next free" one interval on; microseconds from Redis'
    // own clock. Returns the wait in microseconds, or -1 when it would exceed the maximum.
    private static final String RESERVE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local interval = tonumber(ARGV[1])
            local maxWait = tonumber(ARGV[2])
            local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
            local slot = math.max(now, nextFree)
            if slot - now > maxWait then
              return -1
            end
            local ttl = math.floor((slot + interval - now) / 1000) + 1000
            redis.call('SET', KEYS[1], string.format('%.0f', slot + interval), 'PX', ttl)
            return math.floor(slot - now)
            """;

    private final ReactiveRedisDataSource redis;
    private final String key;
    private final long intervalMicros;
    private final long maxWaitMicros;
    private final AtomicLong localNextFree = new AtomicLong();
    // when the shared queue ends, as this replica's last reservation saw it (nanoTime)
    private final AtomicLong queueEndsNanos = new AtomicLong(System.nanoTime());

    public ProviderThrottle(ReactiveRedisDataSource redis, ProviderConfig config) {
        this.redis = redis;
        this.key = "provider_rate:" + config.rateKey();
        this.intervalMicros = Math.round(1_000_000 / config.requestsPerSecond());
        this.maxWaitMicros = config.maxWait().toNanos() / 1000;
    }

    /** Completes when this caller may send one request; fails when the queue is too long. */
    public Uni<Void> acquire() {
        return redis.execute("EVAL", RESERVE, "1", key, Long.toString(intervalMicros), Long.toString(maxWaitMicros))
                .map(response -> response.toLong())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Redis unreachable for the shared provider rate (%s); spacing this replica's requests only",
                            failure.getMessage());
                    return localReservation();
                })
                .flatMap(waitMicros -> {
                    // the latest end seen wins: reservations may complete out of order
                    queueEndsNanos.accumulateAndGet(
                            System.nanoTime() + 1000 * (waitMicros < 0 ? maxWaitMicros : waitMicros + intervalMicros), Math::max);
                    if (waitMicros < 0) {
                        return Uni.createFrom().failure(new ProviderUnavailableException(
                                "provider rate limit: more than " + Duration.ofNanos(maxWaitMicros * 1000).toSeconds()
                                        + " s of requests queued"));
                    }
                    if (waitMicros == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(waitMicros * 1000));
                });
    }

    /**
     * How long a request asking now would roughly wait, as this replica's last reservation saw the
     * shared queue: a cheap hint for work that should only use spare provider capacity.
     */
    public Duration queued() {
        long left = queueEndsNanos.get() - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    private long localReservation() {
        long now = System.nanoTime() / 1000;
        while (true) {
            long next = localNextFree.get();
            long slot = Math.max(now, next);
            if (slot - now > maxWaitMicros) {
                return -1;
            }
            if (localNextFree.compareAndSet(next, slot + intervalMicros)) {
                return slot - now;
            }
        }
    }
}
