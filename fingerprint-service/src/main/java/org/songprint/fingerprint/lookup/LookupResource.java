package org.songprint.fingerprint.lookup;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ApiEndpoint;
import org.songprint.common.api.ApiParams;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.Caller;
import org.songprint.fingerprint.apikey.ApiKeys;

/**
 * {@code /v2/lookup}, GET or form POST.
 *
 * <p>Non-blocking: the lookup runs on the event loop that received it, and its database and
 * metadata answers continue it there (see {@link LookupService} for where the index is searched).
 */
@Path("/v2/lookup")
public class LookupResource extends ApiEndpoint {

    private final LookupService service;
    private final ApiKeys apiKeys;

    public LookupResource(LookupService service, ApiKeys apiKeys) {
        this.service = service;
        this.apiKeys = apiKeys;
    }

    /** AcoustID's order: the application key is checked before the parameters are read. */
    @Override
    protected Uni<ApiAnswer> answer(ApiParams params, Caller caller) {
        ApiKeyEvent application = apiKeys.requireClient(params.first("client"));
        return service.lookup(application, LookupRequestParser.parse(params), caller);
    }
}
