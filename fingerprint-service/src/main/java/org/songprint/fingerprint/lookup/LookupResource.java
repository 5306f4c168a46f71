package org.songprint.fingerprint.lookup;

import io.smallrye.common.annotation.Blocking;
import java.time.Duration;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.vertx.core.http.HttpServerRequest;
import org.songprint.common.api.ApiCall;
import org.songprint.common.ratelimit.Caller;

/**
 * {@code /v2/lookup}: GET or form POST (gzip or deflate form bodies, as pyacoustid sends them).
 *
 * <p>The index search blocks, so the whole lookup runs on a worker thread and waits there for its
 * database and metadata answers. Returning the {@code Uni} instead let the response be written after
 * the request context had ended now and then under load (a 500 in about 1 of 5,000 lookups).
 */
@Path("/v2/lookup")
public class LookupResource {

    /** Longer than any lookup may take: the metadata fetch has its own, shorter budget. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final LookupService service;

    public LookupResource(LookupService service) {
        this.service = service;
    }

    @GET
    @Blocking
    public Response get(@Context UriInfo uri, @Context HttpServerRequest request) {
        Caller caller = Caller.of(request);
        return ApiCall.run(uri.getQueryParameters(), params -> service.lookup(params, caller)).await().atMost(TIMEOUT);
    }

    @POST
    @Blocking
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest request,
            byte[] body) {
        Caller caller = Caller.of(request);
        return ApiCall.run(uri.getQueryParameters(), body, headers.getHeaderString("Content-Encoding"),
                headers.getHeaderString("Content-Type"), params -> service.lookup(params, caller)).await().atMost(TIMEOUT);
    }
}
