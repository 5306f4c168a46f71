package org.songprint.account.user;

import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiEndpoint;

/** {@code /v2/user/lookup}, GET or form POST: a user's API key from itself, as AcoustID answers it. */
@Path("/v2/user/lookup")
public class UserLookupResource extends ApiEndpoint {

    public UserLookupResource(UserApiService service) {
        super((params, caller) -> service.lookup(UserApiRequests.Lookup.parse(params), caller));
    }
}
