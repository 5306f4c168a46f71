package org.songprint.account.user;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ApiEndpoint;
import org.songprint.common.api.ApiParams;
import org.songprint.common.ratelimit.Caller;

/** {@code /v2/user/create_anonymous}, GET or form POST: a new anonymous user for an application. */
@Path("/v2/user/create_anonymous")
public class CreateAnonymousResource extends ApiEndpoint {

    private final UserApiService service;

    public CreateAnonymousResource(UserApiService service) {
        this.service = service;
    }

    @Override
    protected Uni<ApiAnswer> answer(ApiParams params, Caller caller) {
        return service.createAnonymous(UserApiRequests.CreateAnonymous.parse(params), caller);
    }
}
