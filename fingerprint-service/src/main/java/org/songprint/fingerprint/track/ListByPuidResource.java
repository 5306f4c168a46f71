package org.songprint.fingerprint.track;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Path;
import java.util.List;
import org.songprint.common.api.ApiEndpoint;

/**
 * {@code /v2/track/list_by_puid}, GET or form POST. PUIDs are long gone from MusicBrainz; AcoustID
 * answers this with an empty list.
 */
@Path("/v2/track/list_by_puid")
public class ListByPuidResource extends ApiEndpoint {

    public ListByPuidResource() {
        super((params, caller) -> Uni.createFrom().item(new TrackAnswers.Tracks(List.of())));
    }
}
