package org.songprint.account.user;

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

/** {@code /v2/user/lookup} and {@code /v2/user/create_anonymous}, GET or POST (form, gzip allowed). */
@Path("/v2/user")
public class UserApiResource {

    private final UserApiService service;

    public UserApiResource(UserApiService service) {
        this.service = service;
    }

    @GET
    @Path("lookup")
    public Uni<Response> lookup(@Context UriInfo uri, @Context HttpServerRequest request) {
        Caller caller = Caller.of(request);
        return ApiCall.run(uri.getQueryParameters(), params -> service.lookup(UserApiRequests.Lookup.parse(params), caller));
    }

    @POST
    @Path("lookup")
    public Uni<Response> lookupPost(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest request,
            byte[] body) {
        Caller caller = Caller.of(request);
        return ApiCall.post(uri, headers, body, params -> service.lookup(UserApiRequests.Lookup.parse(params), caller));
    }

    @GET
    @Path("create_anonymous")
    public Uni<Response> createAnonymous(@Context UriInfo uri, @Context HttpServerRequest request) {
        Caller caller = Caller.of(request);
        return ApiCall.run(uri.getQueryParameters(), params -> service.createAnonymous(UserApiRequests.CreateAnonymous.parse(params), caller));
    }

    @POST
    @Path("create_anonymous")
    public Uni<Response> createAnonymousPost(@Context UriInfo uri, @Context HttpHeaders headers,
            @Context HttpServerRequest request, byte[] body) {
        Caller caller = Caller.of(request);
        return ApiCall.post(uri, headers, body, params -> service.createAnonymous(UserApiRequests.CreateAnonymous.parse(params), caller));
    }
}
