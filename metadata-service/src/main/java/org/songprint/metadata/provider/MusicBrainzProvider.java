package org.songprint.metadata.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ConnectTimeoutException;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.jboss.logging.Logger;

/**
 * MusicBrainz ws/2 (JSON): one lookup per recording with everything AcoustID renders
 * ({@code inc=artists+releases+release-groups+isrcs+media}). Every request, redirects and retries
 * included, waits for its slot in the shared {@link ProviderThrottle}. 503 (MusicBrainz' answer
 * when throttling), other 5xx and I/O errors are retried with exponential back-off; when they
 * persist the circuit opens and requests fail fast for a while. A 301 (the MBID was merged) is
 * followed to the canonical recording; 404 and 400 (malformed MBID) mean "not known".
 */
@ApplicationScoped
public class MusicBrainzProvider implements MetadataProvider {

    private static final Logger LOG = Logger.getLogger(MusicBrainzProvider.class);
    private static final String INCLUDES = "artists+releases+release-groups+isrcs+media";
    private static final Pattern LOCATION_MBID = Pattern.compile(
            "/recording/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

    private final WebClient http;
    private final ProviderThrottle throttle;
    private final ProviderConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public MusicBrainzProvider(Vertx vertx, ProviderThrottle throttle, ProviderConfig config, ObjectMapper json,
            MeterRegistry metrics) {
        this.http = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setUserAgent(config.userAgent())
                .setConnectTimeout((int) config.connectTimeout().toMillis()));
        this.throttle = throttle;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000, successThreshold = 2,
            failOn = ProviderDownException.class)
    @CircuitBreakerName("musicbrainz")
    public Uni<ProviderAnswer> recording(UUID mbid) {
        return fetch(mbid, mbid, 0);
    }

    private Uni<ProviderAnswer> fetch(UUID requested, UUID mbid, int redirects) {
        String url = config.baseUrl() + "/recording/" + mbid + "?inc=" + INCLUDES + "&fmt=json";
        return throttle.acquire()
                .flatMap(ready -> http.getAbs(url)
                        .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                        .timeout(config.timeout().toMillis())
                        .send())
                .onItem().transform(response -> {
                    metrics.counter("songprint.provider.requests", "status", Integer.toString(response.statusCode())).increment();
                    if (response.statusCode() == 503 || response.statusCode() >= 500) {
                        throw new RetryableProviderError("MusicBrainz answered " + response.statusCode() + " for " + mbid);
                    }
                    return response;
                })
                .onFailure(failure -> failure instanceof RetryableProviderError || failure instanceof IOException
                        || failure instanceof TimeoutException
                        || failure instanceof ConnectTimeoutException
                        || failure.getClass().getName().startsWith("io.vertx"))
                .retry().withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(8)).atMost(config.retries())
                .onFailure(failure -> !(failure instanceof ProviderUnavailableException))
                .transform(failure -> new ProviderDownException("MusicBrainz unavailable: " + failure.getMessage(), failure))
                .flatMap(response -> answer(requested, mbid, redirects, response));
    }

    private Uni<ProviderAnswer> answer(UUID requested, UUID mbid, int redirects, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status == 200) {
            try {
                return Uni.createFrom().item(new ProviderAnswer.Found(requested,
                        json.readValue(response.bodyAsString(), WsRecording.class)));
            } catch (IOException | RuntimeException malformed) {
                return Uni.createFrom().failure(new ProviderDownException(
                        "MusicBrainz answered malformed JSON for " + mbid, malformed));
            }
        }
        if (status == 404 || status == 400) {
            return Uni.createFrom().item(new ProviderAnswer.NotFound(requested));
        }
        if (status >= 300 && status < 400) {
            String location = response.getHeader("Location");
            Matcher target = location == null ? null : LOCATION_MBID.matcher(location);
            if (target == null || !target.find() || redirects >= config.maxRedirects()) {
                return Uni.createFrom().failure(new ProviderDownException(
                        "MusicBrainz redirected " + mbid + " to an unusable location: " + location, null));
            }
            UUID canonical = UUID.fromString(target.group(1).toLowerCase());
            LOG.debugf("MusicBrainz redirects recording %s to %s", mbid, canonical);
            return fetch(requested, canonical, redirects + 1);
        }
        return Uni.createFrom().failure(new ProviderDownException(
                "MusicBrainz answered " + status + " for " + mbid, null));
    }

    /** A failure worth another try after a pause. */
    private static final class RetryableProviderError extends RuntimeException {
        RetryableProviderError(String message) {
            super(message, null, false, false);
        }
    }
}
