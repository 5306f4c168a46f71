package org.songprint.common.ratelimit;

import io.vertx.core.http.HttpServerRequest;

/**
 * Who is calling, as far as rate limits care: the client's IP (the proxy's forwarded address when
 * the proxy is trusted, see {@code quarkus.http.proxy}) and the cluster secret if it presented one
 * ({@code X-Songprint-Secret}, for the suite's own tools); and its User-Agent, for the statistics.
 */
public record Caller(String ip, String secret, String userAgent) {

    public static final String SECRET_HEADER = "X-Songprint-Secret";

    public static Caller of(HttpServerRequest request) {
        if (request == null) {
            return new Caller(null, null, null);
        }
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Caller(ip, request.getHeader(SECRET_HEADER), request.getHeader("User-Agent"));
    }
}
