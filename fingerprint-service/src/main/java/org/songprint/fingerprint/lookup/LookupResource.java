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
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ApiCall;
import org.songprint.common.api.ApiParams;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.Caller;
import org.songprint.fingerprint.apikey.ApiKeys;

/**
 * {@code /v2/lookup}: GET or form POST (gzip or deflate form bodies, as pyacoustid sends them).
 *
 * <p>Non-blocking: the lookup runs on the event loop that received it, and its database and
 * metadata answers continue it there (see {@link LookupService} for where the index is searched).
 */
@Path("/v2/lookup")
public class LookupResource {

    private final LookupService service;
    private final ApiKeys apiKeys;

    public LookupResource(LookupService service, ApiKeys apiKeys) {
        this.service = service;
        this.apiKeys = apiKeys;
    }

    @GET
    public Uni<Response> get(@Context UriInfo uri, @Context HttpServerRequest request) {
        Caller caller = Caller.of(request);
        return ApiCall.run(uri.getQueryParameters(), params -> lookup(params, caller));
    }

    @POST
    public Uni<Response> post(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest request,
            byte[] body) {
        Caller caller = Caller.of(request);
        return ApiCall.post(uri, headers, body, params -> lookup(params, caller));
    }

    /** AcoustID's order: the application key is checked before the parameters are read. */
    private Uni<ApiAnswer> lookup(ApiParams params, Caller caller) {
        ApiKeyEvent application = apiKeys.requireClient(params.first("client"));
        return service.lookup(application, LookupRequestParser.parse(params), caller);
    }
}
