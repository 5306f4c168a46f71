package org.songprint.fingerprint.lookup;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.songprint.common.api.ApiCall;
import org.songprint.common.ratelimit.Caller;

/**
 * {@code /v2/lookup}: GET or form POST (gzip or deflate form bodies, as pyacoustid sends them).
 *
 * <p>Non-blocking: the lookup runs on the event loop that received it, and its database and
 * metadata answers continue it there (see {@link LookupService} for where the index is searched).
 */
@Path("/v2/lookup")
public class LookupResource {

    private final LookupService service;

    public LookupResource(LookupService service) {
        this.service = service;
    }

    @GET
    public Uni<Response> get(@Context UriInfo uri, @Context HttpServerRequest request) {
        Caller caller = Caller.of(request);
        return ApiCall.run(uri.getQueryParameters(), params -> service.lookup(params, caller));
    }

    @POST
    public Uni<Response> post(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest request,
            byte[] body) {
        Caller caller = Caller.of(request);
        return ApiCall.post(uri, headers, body, params -> service.lookup(params, caller));
    }
}
