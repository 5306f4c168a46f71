package org.songprint.testsupport;

import java.util.Map;
import java.util.UUID;

/** Configuration overrides of a test profile that exercises the public API's rate limits. */
public final class RateLimitOverrides {

    private RateLimitOverrides() {
    }

    /**
     * Limits on, one call per client IP per 20-second window, the application and global limits out of
     * reach, and counters of their own (whatever ran against this Redis before).
     */
    public static Map<String, String> oneCallPerIpWindow() {
        return Map.of(
                "songprint.rate-limit.enabled", "true",
                "songprint.rate-limit.per-application", "1000",
                "songprint.rate-limit.per-ip", "0.05",
                "songprint.rate-limit.global", "1000",
                "songprint.rate-limit.key-prefix", "test-golden-rate-" + UUID.randomUUID());
    }
}
