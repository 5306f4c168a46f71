package org.songprint.common.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.songprint.common.api.ApiException;
import org.songprint.common.event.ApiKeyEvent;

/**
 * AcoustID's rate limits for the public API, shared by every replica of every service through
 * Redis: per application (10/s unless the application has its own {@code rate_limit}), per client
 * IP (4/s; skipped for an application with its own limit) and global (100/s). Each limit is a
 * sliding window of four 5-second slots: a caller is over its limit when the window holds more
 * than 20 s × rate requests, and a rejected request is taken back out of every count. Over a limit
 * the call fails with error 14 naming the rate (which identifies the bucket) and a
 * {@code Retry-After}. Without Redis, calls pass (fail open) with a warning and a metric: an
 * outage of the limiter must not become an outage of the service.
 */
@ApplicationScoped
public class ApiRateLimiter {

    private static final Logger LOG = Logger.getLogger(ApiRateLimiter.class);
    static final int SLOT_SECONDS = 5;
    static final int SLOTS = 4;
    /** How long a call waits for Redis before it passes unchecked. */
    private static final Duration REDIS_BUDGET = Duration.ofSeconds(1);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    // KEYS: one per bucket; ARGV: allowed requests per window for each key, in order. Returns
    // {0, 0} when the call may pass, else {1-based index of the first exceeded bucket, ms until the
    // oldest slot leaves the window}; a rejected call's increments are undone.
    private static final String HIT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1])
            local slot = math.floor(now / %d)
            local exceeded = 0
            for i, key in ipairs(KEYS) do
              local current = key .. ':' .. slot
              redis.call('INCR', current)
              redis.call('EXPIRE', current, %d)
              local total = 0
              for s = slot - %d, slot do
                total = total + tonumber(redis.call('GET', key .. ':' .. s) or '0')
              end
              if exceeded == 0 and total > tonumber(ARGV[i]) then
                exceeded = i
              end
            end
            if exceeded == 0 then
              return {0, 0}
            end
            for i, key in ipairs(KEYS) do
              redis.call('DECR', key .. ':' .. slot)
            end
            local waitMs = ((slot + 1) * %d - now) * 1000 - math.floor(tonumber(t[2]) / 1000)
            return {exceeded, waitMs}
            """.formatted(SLOT_SECONDS, SLOT_SECONDS * (SLOTS + 1), SLOTS - 1, SLOT_SECONDS);

    private final ReactiveRedisDataSource redis;
    private final MeterRegistry metrics;
    private final boolean enabled;
    private final double perApplication;
    private final double perIp;
    private final double global;
    private final byte[] exemptSecret;
    private final String keyPrefix;
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public ApiRateLimiter(ReactiveRedisDataSource redis, MeterRegistry metrics, RateLimitConfig config) {
        this.keyPrefix = config.keyPrefix();
        this.redis = redis;
        this.metrics = metrics;
        this.enabled = config.enabled();
        this.perApplication = config.perApplication();
        this.perIp = config.perIp();
        this.global = config.global();
        this.exemptSecret = config.exemptSecret().filter(secret -> !secret.isBlank())
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /**
     * Counts one call of {@code application} from {@code clientIp}; fails with error 14 when a limit
     * is exceeded. A caller presenting the exemption secret is not limited (the suite's own tools).
     */
    public Uni<Void> check(ApiKeyEvent application, String clientIp, String presentedSecret) {
        if (!enabled || exempt(presentedSecret)) {
            return Uni.createFrom().voidItem();
        }
        List<Bucket> buckets = buckets(application, clientIp);
        List<String> args = new ArrayList<>(2 + buckets.size() * 2);
        args.add(HIT);
        args.add(Integer.toString(buckets.size()));
        buckets.forEach(bucket -> args.add(bucket.key()));
        buckets.forEach(bucket -> args.add(Long.toString(Math.round(bucket.rate() * SLOT_SECONDS * SLOTS))));
        return redis.execute("EVAL", args.toArray(String[]::new))
                .ifNoItem().after(REDIS_BUDGET).fail()
                .onFailure().recoverWithItem(failure -> {
                    failOpen(failure);
                    return null;
                })
                .flatMap(response -> {
                    int exceeded = response == null ? 0 : response.get(0).toInteger();
                    if (exceeded == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Bucket bucket = buckets.get(exceeded - 1);
                    metrics.counter("songprint.ratelimit.rejected", "bucket", bucket.kind()).increment();
                    int retryAfter = (int) Math.max(1, Math.ceil(waitMillis(response) / 1000.0));
                    return Uni.createFrom().failure(ApiException.tooManyRequests(bucket.rate(), retryAfter));
                });
    }

    public Uni<Void> check(ApiKeyEvent application, Caller caller) {
        return check(application, caller.ip(), caller.exemptSecret());
    }

    /** Compared in constant time: how long a wrong guess takes says nothing about the secret. */
    private boolean exempt(String presented) {
        return exemptSecret != null && presented != null
                && MessageDigest.isEqual(exemptSecret, presented.getBytes(StandardCharsets.UTF_8));
    }

    private List<Bucket> buckets(ApiKeyEvent application, String clientIp) {
        List<Bucket> buckets = new ArrayList<>(3);
        Integer own = application == null ? null : application.rateLimit();
        if (application != null) {
            String id = application.applicationId() != null ? "app:" + application.applicationId() : "key:" + application.apiKey();
            buckets.add(new Bucket("application", keyPrefix + ":" + id, own != null && own > 0 ? own : perApplication));
        }
        // an application with a rate of its own (a trusted, heavy user) is not limited per IP
        if ((own == null || own <= 0) && clientIp != null && !clientIp.isBlank()) {
            buckets.add(new Bucket("ip", keyPrefix + ":ip:" + clientIp, perIp));
        }
        buckets.add(new Bucket("global", keyPrefix + ":global", global));
        return buckets;
    }

    private static long waitMillis(Response response) {
        return response.size() > 1 ? response.get(1).toLong() : SLOT_SECONDS * 1000L;
    }

    private void failOpen(Throwable failure) {
        metrics.counter("songprint.ratelimit.redis.failures").increment();
        long now = System.nanoTime();
        long last = lastWarned.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarned.compareAndSet(last, now)) {
            LOG.warnf("Redis unreachable, API rate limits not enforced (failing open): %s", failure.getMessage());
        }
    }

    /** One limit: its kind (for metrics), Redis key prefix and requests per second. */
    private record Bucket(String kind, String key, double rate) {
    }
}
