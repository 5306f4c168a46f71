package org.songprint.account.stats;

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
 * For operators (under {@code /internal}, which the public proxy does not route): the statistics
 * records that could not be counted ({@code parked}, optional {@code pipeline}), and counting them
 * again after a fix ({@code replay}, with the cluster {@code secret}; {@code id} repeatable, none for all).
 */
@Path("/internal/stats")
public class ParkedStatsResource {

    private final ParkedStatsService parked;

    public ParkedStatsResource(ParkedStatsService parked) {
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
