package org.songprint.account.user;

import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiEndpoint;

/** {@code /v2/user/create_anonymous}, GET or form POST: a new anonymous user for an application. */
@Path("/v2/user/create_anonymous")
public class CreateAnonymousResource extends ApiEndpoint {

    public CreateAnonymousResource(UserApiService service) {
        super((params, caller) -> service.createAnonymous(UserApiRequests.CreateAnonymous.parse(params), caller));
    }
}
