package org.songprint.account.catalogue;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.songprint.common.api.ClusterSecret;
import org.songprint.common.catalogue.CatalogueFingerprint;
import org.songprint.common.catalogue.CatalogueRecording;
import org.songprint.common.catalogue.CatalogueStats;
import org.songprint.common.catalogue.CatalogueTrack;
import org.songprint.common.event.EventJson;

/**
 * Reads the catalogue from fingerprint-service's internal API, which owns its database: the pages
 * are rendered here, beside the session and the look of every other page, but never read another
 * service's database. The JSON is read as events are ({@link EventJson}: snake_case). An unknown id is an empty answer; anything else that is not an answer is a
 * {@link CatalogueUnavailableException}.
 */
@ApplicationScoped
public class CatalogueClient {

    private final WebClient web;
    private final String basePath;
    private final long timeoutMs;
    private final ClusterSecret secret;

    public CatalogueClient(Vertx vertx, CatalogueConfig config, ClusterSecret secret) {
        this.secret = secret;
        URI base = URI.create(config.url());
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort() > 0 ? base.getPort() : https ? 443 : 80)
                .setSsl(https)
                .setKeepAlive(true));
        this.basePath = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        this.timeoutMs = config.timeoutMs();
    }

    @PreDestroy
    void close() {
        web.close();
    }

    public Uni<Optional<CatalogueTrack>> track(UUID gid) {
        return read("/internal/catalogue/track/" + gid, CatalogueTrack.class);
    }

    public Uni<Optional<CatalogueFingerprint>> fingerprint(int id) {
        return read("/internal/catalogue/fingerprint/" + id, CatalogueFingerprint.class);
    }

    /** The catalogue's totals as fingerprint-service last counted them. */
    public Uni<Optional<CatalogueStats>> stats() {
        return read("/internal/catalogue/stats", CatalogueStats.class);
    }

    public Uni<Optional<CatalogueRecording>> recording(UUID mbid) {
        return read("/internal/catalogue/mbid/" + mbid, CatalogueRecording.class);
    }

    /**
     * Disables or enables an MBID link of a track for {@code account}, with its note, through
     * fingerprint-service's curation API (which logs the change in {@code track_mbid_change} and limits
     * each account's changes per hour). Answers whether the link changed (false: it already was so).
     */
    public Uni<Boolean> setMbidDisabled(UUID track, UUID mbid, boolean disabled, int account, String note) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("secret", secret.value())
                .add("track", track.toString())
                .add("mbid", mbid.toString())
                .add("disabled", disabled ? "1" : "0")
                .add("account", Integer.toString(account));
        if (note != null && !note.isBlank()) {
            form.add("note", note.strip());
        }
        String path = basePath + "/internal/set_mbid_disabled";
        return web.request(HttpMethod.POST, path).timeout(timeoutMs).sendForm(form)
                .onFailure().transform(e -> new CatalogueUnavailableException("the catalogue did not answer " + path, e))
                .map(response -> {
                    JsonObject answer = jsonOf(response);
                    if (response.statusCode() == 200) {
                        return answer.getBoolean("changed", false);
                    }
                    JsonObject error = answer.getJsonObject("error", new JsonObject());
                    int code = error.getInteger("code", 0);
                    String message = error.getString("message", "");
                    switch (response.statusCode()) {
                        case 429 -> throw new CurationRefusedException(429, message);
                        case 400 -> throw new CurationRefusedException(code == 7 ? 404 : 400, message);
                        default -> throw new CatalogueUnavailableException(
                                "the catalogue answered " + path + " with HTTP " + response.statusCode(), null);
                    }
                });
    }

    // an answer that is not JSON (a proxy's error page) reads as an empty object
    private static JsonObject jsonOf(HttpResponse<Buffer> response) {
        try {
            JsonObject answer = response.bodyAsJsonObject();
            return answer == null ? new JsonObject() : answer;
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    private <T> Uni<Optional<T>> read(String path, Class<T> type) {
        return web.request(HttpMethod.GET, basePath + path).timeout(timeoutMs).send()
                .onFailure().transform(e -> new CatalogueUnavailableException("the catalogue did not answer " + path, e))
                .map(response -> parse(response, path, type));
    }

    private <T> Optional<T> parse(HttpResponse<Buffer> response, String path, Class<T> type) {
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new CatalogueUnavailableException("the catalogue answered " + path + " with HTTP " + response.statusCode(), null);
        }
        try {
            return Optional.of(EventJson.mapper().readValue(response.body().getBytes(), type));
        } catch (IOException e) {
            throw new CatalogueUnavailableException("the catalogue's answer to " + path + " could not be read", e);
        }
    }
}
