package org.songprint.ingest.submit;

import io.smallrye.common.annotation.Blocking;
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
import org.songprint.ingest.apikey.ApiKeys;

/**
 * {@code /v2/submit}: GET or form POST (gzip or deflate bodies, as pyacoustid sends them). Both run on
 * a worker thread: inflating and decoding a full 1 MiB batch takes milliseconds of CPU that must not
 * hold an event loop (the database write is asynchronous all the same).
 */
@Path("/v2/submit")
public class SubmitResource {

    private final SubmitService service;
    private final ApiKeys apiKeys;

    public SubmitResource(SubmitService service, ApiKeys apiKeys) {
        this.service = service;
        this.apiKeys = apiKeys;
    }

    @GET
    @Blocking
    public Uni<Response> get(@Context UriInfo uri, @Context HttpServerRequest request) {
        Caller caller = Caller.of(request);
        return ApiCall.run(uri.getQueryParameters(), params -> submit(params, caller));
    }

    @POST
    @Blocking
    public Uni<Response> post(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest request,
            byte[] body) {
        Caller caller = Caller.of(request);
        return ApiCall.post(uri, headers, body, params -> submit(params, caller));
    }

    /** AcoustID's order: the application key, then the user key, then the entries. */
    private Uni<ApiAnswer> submit(ApiParams params, Caller caller) {
        ApiKeyEvent application = apiKeys.requireClient(params.first("client"));
        ApiKeyEvent user = apiKeys.requireUser(params.first("user"));
        return service.submit(application, user, SubmissionParser.parse(params), caller);
    }
}
