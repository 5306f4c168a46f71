package org.songprint.common.api;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.songprint.common.chromaprint.InvalidFingerprintException;

/**
 * Runs one AcoustID API call the way every endpoint must: merge the query and form parameters,
 * check {@code format} first, run the endpoint's logic, and answer in the asked format — with an
 * AcoustID error for bad input and error 5 (logged) for anything unexpected, never a bare 500 page.
 * Every answer carries {@code Access-Control-Allow-Origin: *}, as AcoustID's do.
 */
public final class ApiCall {

    private static final Logger LOG = Logger.getLogger(ApiCall.class);

    private ApiCall() {
    }

    /** A GET call: the query string only. */
    public static Uni<Response> run(MultivaluedMap<String, String> query,
            Function<ApiParams, Uni<? extends ApiAnswer>> handler) {
        return run(query, null, null, null, handler);
    }

    /** A POST call as a resource method receives it: the query string, the headers and the raw body. */
    public static Uni<Response> post(UriInfo uri, HttpHeaders headers, byte[] body,
            Function<ApiParams, Uni<? extends ApiAnswer>> handler) {
        return run(uri.getQueryParameters(), body, headers.getHeaderString(HttpHeaders.CONTENT_ENCODING),
                headers.getHeaderString(HttpHeaders.CONTENT_TYPE), handler);
    }

    /** A POST call: the query string and the (possibly compressed) form body. */
    public static Uni<Response> run(MultivaluedMap<String, String> query, byte[] body, String contentEncoding,
            String contentType, Function<ApiParams, Uni<? extends ApiAnswer>> handler) {
        ApiParams params;
        ResponseFormat format = ResponseFormat.JSON;
        String callback = null;
        try {
            params = ApiParams.merge(query, FormBody.parse(body, contentEncoding, contentType));
            callback = params.first("jsoncallback");
            format = ResponseFormat.of(params.first("format"));
        } catch (ApiException e) {
            return Uni.createFrom().item(toResponse(ApiReplyWriter.error(e, ResponseFormat.JSON, null)));
        }
        ResponseFormat chosen = format;
        String chosenCallback = callback;
        Uni<? extends ApiAnswer> result;
        try {
            result = handler.apply(params);
        } catch (RuntimeException e) {
            result = Uni.createFrom().failure(e);
        }
        return result
                .map(payload -> toResponse(ApiReplyWriter.ok(payload, chosen, chosenCallback)))
                .onFailure().recoverWithItem(failure -> toResponse(ApiReplyWriter.error(asApiException(failure), chosen,
                        chosenCallback)));
    }

    /** The AcoustID error for a failure; unexpected failures are logged and become error 5. */
    public static ApiException asApiException(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof InvalidFingerprintException) {
            return ApiException.invalidFingerprint();
        }
        LOG.error("internal error while answering an API call", failure);
        return ApiException.internalError();
    }

    public static Response toResponse(ApiReply reply) {
        Response.ResponseBuilder response = Response.status(reply.status())
                .header("Content-Type", reply.contentType())
                .header("Access-Control-Allow-Origin", "*")
                .entity(reply.body());
        if (reply.retryAfterSeconds() > 0) {
            response.header("Retry-After", reply.retryAfterSeconds());
        }
        return response.build();
    }
}
