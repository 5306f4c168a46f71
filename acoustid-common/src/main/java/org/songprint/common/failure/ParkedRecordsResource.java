package org.songprint.common.failure;

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
 * The operators' {@code GET <path>/parked} and {@code POST <path>/replay} calls, the same in every
 * service that parks Kafka records: AcoustID answers and errors, parameters as
 * {@link ParkedRecordsEndpoint} reads them. A service's resource extends it with its own
 * {@code @Path} under {@code /internal} (which the public proxy does not route); the subclass must not
 * override these methods, or their JAX-RS annotations are no longer inherited.
 */
public abstract class ParkedRecordsResource {

    private final ParkedRecordsOperations parked;

    protected ParkedRecordsResource(ParkedRecordsOperations parked) {
        this.parked = parked;
    }

    @GET
    @Path("parked")
    public Uni<Response> parked(@Context UriInfo uri) {
        return ApiCall.run(uri.getQueryParameters(), parked::list);
    }

    @POST
    @Path("replay")
    public Uni<Response> replay(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return ApiCall.post(uri, headers, body, parked::replay);
    }
}
