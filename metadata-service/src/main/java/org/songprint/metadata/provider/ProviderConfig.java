package org.songprint.metadata.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The MusicBrainz provider ({@code songprint.provider.*} in application.yaml). */
@ConfigMapping(prefix = "songprint.provider")
public interface ProviderConfig {

    /** ws/2 root; a mirror's or a local stub's in tests */
    @WithDefault("https://musicbrainz.org/ws/2")
    String baseUrl();

    /** MusicBrainz requires "App/version ( contact )" and throttles generic ones */
    @WithDefault("Songprint/0.1.0 ( https://github.com/songprint/songprint )")
    String userAgent();

    /** shared by all replicas: MusicBrainz allows one per second per client */
    @WithDefault("1.0")
    double requestsPerSecond();

    /** the Redis key naming the shared budget (one per provider account / egress IP) */
    @WithDefault("musicbrainz")
    String rateKey();

    /** a request that would wait longer than this for its slot is refused (unavailable now) */
    @WithDefault("20s")
    Duration maxWait();

    /** connecting to the provider; short, so an unreachable provider is noticed quickly */
    @WithDefault("3s")
    Duration connectTimeout();

    /** per HTTP request */
    @WithDefault("10s")
    Duration timeout();

    /** retries of one request after a 503, 5xx or I/O error, with exponential back-off */
    @WithDefault("3")
    int retries();

    @WithDefault("1s")
    Duration retryBackoff();

    /** redirects (merged MBIDs) followed per request */
    @WithDefault("3")
    int maxRedirects();
}
