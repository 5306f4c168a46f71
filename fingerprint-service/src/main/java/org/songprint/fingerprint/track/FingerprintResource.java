package org.songprint.fingerprint.track;

import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiEndpoint;

/** {@code /v2/fingerprint}, GET or form POST: one fingerprint by its id, with its track. */
@Path("/v2/fingerprint")
public class FingerprintResource extends ApiEndpoint {

    public FingerprintResource(TrackService service) {
        super((params, caller) -> service.fingerprint(TrackRequests.FingerprintById.parse(params)));
    }
}
