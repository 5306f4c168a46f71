package org.songprint.ingest.status;

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

/** {@code /v2/submission_status}: GET or form POST. */
@Path("/v2/submission_status")
public class SubmissionStatusResource {

    private final SubmissionStatusService service;
    private final ApiKeys apiKeys;

    public SubmissionStatusResource(SubmissionStatusService service, ApiKeys apiKeys) {
        this.service = service;
        this.apiKeys = apiKeys;
    }

    @GET
    public Uni<Response> get(@Context UriInfo uri, @Context HttpServerRequest request) {
        Caller caller = Caller.of(request);
        return ApiCall.run(uri.getQueryParameters(), params -> status(params, caller));
    }

    @POST
    public Uni<Response> post(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest request,
            byte[] body) {
        Caller caller = Caller.of(request);
        return ApiCall.post(uri, headers, body, params -> status(params, caller));
    }

    /** AcoustID's order: the application key is checked before the ids are read. */
    private Uni<ApiAnswer> status(ApiParams params, Caller caller) {
        ApiKeyEvent application = apiKeys.requireClient(params.first("client"));
        return service.status(application, SubmissionStatusRequest.parse(params), caller);
    }
}
