package org.songprint.fingerprint.track;

import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiEndpoint;

/** {@code /v2/track/list_by_mbid}, GET or form POST: the tracks linked to one or more recordings. */
@Path("/v2/track/list_by_mbid")
public class ListByMbidResource extends ApiEndpoint {

    public ListByMbidResource(TrackService service) {
        super((params, caller) -> service.listByMbid(TrackRequests.ListByMbid.parse(params)));
    }
}
