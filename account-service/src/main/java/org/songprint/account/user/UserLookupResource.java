package org.songprint.account.user;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ApiEndpoint;
import org.songprint.common.api.ApiParams;
import org.songprint.common.ratelimit.Caller;

/** {@code /v2/user/lookup}, GET or form POST: a user's API key from itself, as AcoustID answers it. */
@Path("/v2/user/lookup")
public class UserLookupResource extends ApiEndpoint {

    private final UserApiService service;

    public UserLookupResource(UserApiService service) {
        this.service = service;
    }

    @Override
    protected Uni<ApiAnswer> answer(ApiParams params, Caller caller) {
        return service.lookup(UserApiRequests.Lookup.parse(params), caller);
    }
}
