package org.songprint.fingerprint.curation;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.songprint.common.api.ApiCall;

/**
 * Curation for operators, in the style of AcoustID's internal API (form parameters, the cluster
 * {@code secret}, AcoustID error answers). Under {@code /internal}, which the public proxy does not
 * route: {@code merge_tracks} and {@code set_mbid_disabled}.
 */
@Path("/internal")
public class CurationResource {

    private final CurationService service;

    public CurationResource(CurationService service) {
        this.service = service;
    }

    @POST
    @Path("merge_tracks")
    public Uni<Response> mergeTracks(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return ApiCall.post(uri, headers, body, service::mergeTracks);
    }

    @POST
    @Path("set_mbid_disabled")
    public Uni<Response> setMbidDisabled(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return ApiCall.post(uri, headers, body, service::setMbidDisabled);
    }
}
