package org.songprint.account.apikey;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.songprint.common.api.ApiCall;

/**
 * For operators: how many API key changes wait to be published ({@code GET /internal/api-keys}), and
 * publishing every key again ({@code POST /internal/api-keys/republish} with the cluster
 * {@code secret}), for a Kafka cluster that lost the {@code applications} topic.
 */
@Path("/internal/api-keys")
public class ApiKeyOutboxResource {

    private final ApiKeyOutboxService outbox;

    public ApiKeyOutboxResource(ApiKeyOutboxService outbox) {
        this.outbox = outbox;
    }

    @GET
    public Uni<Response> backlog(@Context UriInfo uri) {
        return ApiCall.run(uri.getQueryParameters(), params -> outbox.backlog());
    }

    @POST
    @Path("republish")
    public Uni<Response> republish(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return ApiCall.post(uri, headers, body, outbox::republish);
    }
}
