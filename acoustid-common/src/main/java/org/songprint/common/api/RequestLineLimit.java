package org.songprint.common.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request line longer than AcoustID's 8,190 bytes with AcoustID's JSON error 19 (HTTP 414)
 * instead of the HTTP server's bare status. The server itself reads lines up to
 * {@code quarkus.http.limits.max-initial-line-length} (set well above this) so that the refusal is
 * made here, where the answer can be an API error; every service installs it, being in the shared
 * library's bean archive.
 */
@ApplicationScoped
public class RequestLineLimit {

    // "GET " + uri + " HTTP/1.1": the method and the protocol are counted as they are sent
    private static final int PROTOCOL_AND_SPACES = " HTTP/1.1".length() + 1;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            HttpServerRequest request = context.request();
            if (lineLength(request) <= RequestLimits.MAX_REQUEST_LINE) {
                context.next();
                return;
            }
            ApiReply reply = ApiReplyWriter.error(ApiException.requestLineTooLong(), ResponseFormat.JSON, null);
            context.response().setStatusCode(reply.status())
                    .putHeader("Content-Type", reply.contentType())
                    .putHeader("Access-Control-Allow-Origin", "*")
                    .end(Buffer.buffer(reply.body()));
        });
    }

    static int lineLength(HttpServerRequest request) {
        return request.method().name().length() + request.uri().length() + PROTOCOL_AND_SPACES;
    }
}
