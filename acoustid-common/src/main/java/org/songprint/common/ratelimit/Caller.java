package org.songprint.common.ratelimit;

import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Who is calling, as far as rate limits and statistics care: the client's IP (the address the last
 * trusted proxy saw, see {@link TrustedProxies}; a forged {@code X-Forwarded-For} changes nothing),
 * the rate-limit exemption secret if it presented one ({@code X-Songprint-Exempt}, for the suite's
 * own tools), and its User-Agent, for the statistics.
 */
public record Caller(String ip, String exemptSecret, String userAgent) {

    public static final String EXEMPT_HEADER = "X-Songprint-Exempt";

    public static Caller of(HttpServerRequest request) {
        return of(request, TrustedProxies.fromConfig());
    }

    public static Caller of(HttpServerRequest request, TrustedProxies proxies) {
        if (request == null) {
            return new Caller(null, null, null);
        }
        // the socket's own peer: Quarkus' forwarding support rewrites remoteAddress() from the
        // header's left-most entry, which the client controls
        var socketPeer = request.connection() != null ? request.connection().remoteAddress() : request.remoteAddress();
        String peer = socketPeer == null ? null : socketPeer.hostAddress();
        List<String> forwardedFor = request.headers().getAll("X-Forwarded-For");
        return new Caller(proxies.clientAddress(peer, forwardedFor), request.getHeader(EXEMPT_HEADER),
                request.getHeader("User-Agent"));
    }
}
