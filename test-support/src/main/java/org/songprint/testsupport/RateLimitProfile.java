package org.songprint.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A test profile that turns the public API's rate limits on (they are off in the other tests): the
 * limits per application and per client IP a test names, the global limit out of reach, and Redis
 * counters of its own for every run, whatever ran against this Redis before.
 */
public abstract class RateLimitProfile implements QuarkusTestProfile {

    private final String perApplication;
    private final String perIp;
    private final String keyPrefix;
    private final Map<String, String> more;

    /** {@code perApplication} and {@code perIp} calls per second; counters under {@code keyPrefix} and a fresh UUID. */
    protected RateLimitProfile(String perApplication, String perIp, String keyPrefix) {
        this(perApplication, perIp, keyPrefix, Map.of());
    }

    /** The same, with {@code more} configuration overrides the test needs besides the limits. */
    protected RateLimitProfile(String perApplication, String perIp, String keyPrefix, Map<String, String> more) {
        this.perApplication = perApplication;
        this.perIp = perIp;
        this.keyPrefix = keyPrefix;
        this.more = more;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.put("songprint.rate-limit.enabled", "true");
        overrides.put("songprint.rate-limit.per-application", perApplication);
        overrides.put("songprint.rate-limit.per-ip", perIp);
        overrides.put("songprint.rate-limit.global", "1000");
        overrides.put("songprint.rate-limit.key-prefix", keyPrefix + UUID.randomUUID());
        return overrides;
    }

    /**
     * One call per client IP per 20-second window and the application limit out of reach: the second
     * call from an address is error 14 (the golden answers of the rate limit).
     */
    public static class OneCallPerIpWindow extends RateLimitProfile {

        public OneCallPerIpWindow() {
            super("1000", "0.05", "test-golden-rate-");
        }
    }
}
