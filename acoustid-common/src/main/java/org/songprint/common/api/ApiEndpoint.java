package org.songprint.common.api;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.function.Supplier;
import org.songprint.common.ratelimit.Caller;

/**
 * An AcoustID endpoint: answers a GET and a form POST (gzip or deflate bodies, as pyacoustid sends
 * them) alike, through {@link ApiCall}. A subclass names its {@code @Path} and says how a call, read
 * into {@link ApiParams}, is answered; it inherits both resource methods.
 */
public abstract class ApiEndpoint {

    @GET
    public Uni<Response> get(@Context UriInfo uri, @Context HttpServerRequest request) {
        Caller caller = Caller.of(request);
        return onChosenThread(() -> ApiCall.run(uri.getQueryParameters(), params -> answer(params, caller)));
    }

    @POST
    public Uni<Response> post(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest request,
            byte[] body) {
        Caller caller = Caller.of(request);
        return onChosenThread(() -> ApiCall.post(uri, headers, body, params -> answer(params, caller)));
    }

    /** The answer to one call; an {@link ApiException} thrown here is the call's AcoustID error. */
    protected abstract Uni<? extends ApiAnswer> answer(ApiParams params, Caller caller);

    /**
     * Whether reading a call costs enough CPU (inflating and decoding a large batch) that it must
     * run on a worker thread instead of the event loop that received it. No, by default.
     */
    protected boolean readsOnWorker() {
        return false;
    }

    private Uni<Response> onChosenThread(Supplier<Uni<? extends Response>> call) {
        Uni<Response> deferred = Uni.createFrom().deferred(call);
        return readsOnWorker() ? deferred.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : deferred;
    }
}
