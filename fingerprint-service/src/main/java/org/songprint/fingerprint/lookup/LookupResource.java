package org.songprint.fingerprint.lookup;

import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiEndpoint;
import org.songprint.fingerprint.apikey.ApiKeys;

/**
 * {@code /v2/lookup}, GET or form POST; the application key is checked before the parameters are
 * read, as AcoustID does.
 *
 * <p>Non-blocking: the lookup runs on the event loop that received it, and its database and
 * metadata answers continue it there (see {@link LookupService} for where the index is searched).
 */
@Path("/v2/lookup")
public class LookupResource extends ApiEndpoint {

    public LookupResource(LookupService service, ApiKeys apiKeys) {
        super(apiKeys.afterClientKey((application, params, caller) ->
                service.lookup(application, LookupRequestParser.parse(params), caller)));
    }
}
