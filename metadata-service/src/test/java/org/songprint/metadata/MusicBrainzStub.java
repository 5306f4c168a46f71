package org.songprint.metadata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for musicbrainz.org (unreachable from here) on a dynamic port: it serves the
 * recorded ws/2 JSON documents under {@code src/test/resources/musicbrainz/recording/}, answers
 * 404 with MusicBrainz' error body for anything else, and can be told to redirect an MBID (301,
 * as MusicBrainz does for merged entities) or to throttle (503) a number of times. It counts the
 * requests per MBID so tests can prove the cache spared the provider.
 */
public class MusicBrainzStub implements QuarkusTestResourceLifecycleManager {

    private static final Pattern RECORDING = Pattern.compile("^/ws/2/recording/([0-9a-f-]{36})$");

    static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();
    static final Map<String, String> REDIRECTS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> THROTTLED = new ConcurrentHashMap<>();
    static final Map<String, String> USER_AGENTS = new ConcurrentHashMap<>();
    static volatile int delayMillis;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ws/2/", MusicBrainzStub::handle);
        server.start();
        return Map.of("songprint.provider.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/ws/2");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    public static int requestsFor(String mbid) {
        return requests(mbid);
    }

    static int requests(String mbid) {
        AtomicInteger count = REQUESTS.get(mbid);
        return count == null ? 0 : count.get();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        Matcher matcher = RECORDING.matcher(exchange.getRequestURI().getPath());
        if (!matcher.matches()) {
            send(exchange, 400, "{\"error\": \"Invalid mbid.\", \"help\": \"For usage, please see: https://musicbrainz.org/development/mmd\"}");
            return;
        }
        String mbid = matcher.group(1);
        REQUESTS.computeIfAbsent(mbid, key -> new AtomicInteger()).incrementAndGet();
        USER_AGENTS.put(mbid, String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        AtomicInteger throttled = THROTTLED.get(mbid);
        if (throttled != null && throttled.getAndDecrement() > 0) {
            send(exchange, 503, "{\"error\": \"Your requests are exceeding the allowable rate limit. Please see "
                    + "http://wiki.musicbrainz.org/XMLWebService for more information.\"}");
            return;
        }
        String target = REDIRECTS.get(mbid);
        if (target != null) {
            String query = exchange.getRequestURI().getRawQuery();
            exchange.getResponseHeaders().add("Location", "http://" + exchange.getRequestHeaders().getFirst("Host")
                    + "/ws/2/recording/" + target + (query == null ? "" : "?" + query));
            send(exchange, 301, "");
            return;
        }
        try (InputStream fixture = MusicBrainzStub.class.getResourceAsStream("/musicbrainz/recording/" + mbid + ".json")) {
            if (fixture == null) {
                send(exchange, 404, "{\"error\": \"Not Found\", \"help\": \"For usage, please see: https://musicbrainz.org/development/mmd\"}");
                return;
            }
            send(exchange, 200, new String(fixture.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
