package org.songprint.common.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** AcoustID's limits on the public API ({@code songprint.rate-limit.*}), applied by {@link ApiRateLimiter}. */
@ConfigMapping(prefix = "songprint.rate-limit")
public interface RateLimitConfig {

    /** Whether calls are limited at all (default true; tests turn it off). */
    @WithDefault("true")
    boolean enabled();

    /** Requests per second per application without a {@code rate_limit} of its own (default 10). */
    @WithDefault("10")
    double perApplication();

    /** Requests per second per client IP (default 4); skipped for an application with its own limit. */
    @WithDefault("4")
    double perIp();

    /** Requests per second over every caller together (default 100). */
    @WithDefault("100")
    double global();

    /** Prefix of the Redis keys of the buckets (default "rate"); a test or benchmark sets its own to start empty. */
    @WithDefault("rate")
    String keyPrefix();

    /**
     * The secret that exempts a caller presenting it in {@code X-Songprint-Exempt} (the suite's own load
     * tools); no default: empty or unset, nobody is exempt.
     */
    Optional<String> exemptSecret();
}
