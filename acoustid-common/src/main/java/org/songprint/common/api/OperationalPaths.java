package org.songprint.common.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The operational paths ({@code /q/…}: health, metrics, OpenAPI; {@code /internal/…}: backlogs,
 * parked records, replays) are for operators and probes, which reach a service directly. A request
 * that came through the public proxy (nginx locally, the Ingress in Kubernetes: both always add
 * {@code X-Forwarded-For}, which a client cannot take away) is answered 404, as if they did not
 * exist, whatever the proxy routes. Every service installs it, being in the shared bean archive.
 */
@ApplicationScoped
public class OperationalPaths {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            if (isOperational(context.normalizedPath()) && cameThroughProxy(context.request())) {
                context.fail(404);
                return;
            }
            context.next();
        });
    }

    static boolean isOperational(String path) {
        return path != null && (path.equals("/q") || path.startsWith("/q/")
                || path.equals("/internal") || path.startsWith("/internal/"));
    }

    private static boolean cameThroughProxy(HttpServerRequest request) {
        return request.headers().contains("X-Forwarded-For") || request.headers().contains("Forwarded");
    }
}
