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
 * into {@link ApiParams}, is answered (its {@link Answerer}, given to the constructor); it inherits both
 * resource methods.
 */
public abstract class ApiEndpoint {

    /** How one call is answered; an {@link ApiException} thrown here is the call's AcoustID error. */
    @FunctionalInterface
    public interface Answerer {
        Uni<? extends ApiAnswer> answer(ApiParams params, Caller caller);
    }

    /**
     * Where a call is read. Reading a large batch (inflating and decoding it) costs enough CPU that
     * it must run on a worker thread, not on the event loop that received it.
     */
    public enum ReadOn {
        EVENT_LOOP,
        WORKER
    }

    private final Answerer answerer;
    private final ReadOn readOn;

    protected ApiEndpoint(Answerer answerer) {
        this(answerer, ReadOn.EVENT_LOOP);
    }

    protected ApiEndpoint(Answerer answerer, ReadOn readOn) {
        this.answerer = answerer;
        this.readOn = readOn;
    }

    @GET
    public Uni<Response> get(@Context UriInfo uri, @Context HttpServerRequest request) {
        Caller caller = Caller.of(request);
        return onChosenThread(() -> ApiCall.run(uri.getQueryParameters(), params -> answerer.answer(params, caller)));
    }

    @POST
    public Uni<Response> post(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest request,
            byte[] body) {
        Caller caller = Caller.of(request);
        return onChosenThread(() -> ApiCall.post(uri, headers, body, params -> answerer.answer(params, caller)));
    }

    private Uni<Response> onChosenThread(Supplier<Uni<? extends Response>> call) {
        Uni<Response> deferred = Uni.createFrom().deferred(call);
        return readOn == ReadOn.WORKER ? deferred.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : deferred;
    }
}
