package org.songprint.fingerprint.index;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.songprint.common.api.ApiCall;

/**
 * {@code POST /internal/index/check} (with the cluster {@code secret}, under {@code /internal},
 * which the public proxy does not route): this replica's index against the database, id by id.
 */
@Path("/internal/index")
public class IndexResource {

    private final IndexCheck check;

    public IndexResource(IndexCheck check) {
        this.check = check;
    }

    @POST
    @Path("check")
    public Uni<Response> check(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return ApiCall.post(uri, headers, body, check::check);
    }
}
