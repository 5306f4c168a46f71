package org.songprint.fingerprint.track;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.songprint.common.api.ApiCall;

/** {@code /v2/track/list_by_mbid}, {@code /v2/track/list_by_puid} and {@code /v2/fingerprint}. */
@Path("/v2")
public class TrackResource {

    private final TrackService service;

    public TrackResource(TrackService service) {
        this.service = service;
    }

    @GET
    @Path("track/list_by_mbid")
    public Uni<Response> listByMbid(@Context UriInfo uri) {
        return ApiCall.run(uri.getQueryParameters(), params -> service.listByMbid(TrackRequests.ListByMbid.parse(params)));
    }

    @POST
    @Path("track/list_by_mbid")
    public Uni<Response> listByMbidPost(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return ApiCall.post(uri, headers, body,
                params -> service.listByMbid(TrackRequests.ListByMbid.parse(params)));
    }

    /** PUIDs are long gone from MusicBrainz; AcoustID answers this with an empty list. */
    @GET
    @Path("track/list_by_puid")
    public Uni<Response> listByPuid(@Context UriInfo uri) {
        return ApiCall.run(uri.getQueryParameters(), params -> Uni.createFrom().item(new TrackAnswers.Tracks(List.of())));
    }

    @GET
    @Path("fingerprint")
    public Uni<Response> fingerprint(@Context UriInfo uri) {
        return ApiCall.run(uri.getQueryParameters(),
                params -> service.fingerprint(TrackRequests.FingerprintById.parse(params)));
    }
}
