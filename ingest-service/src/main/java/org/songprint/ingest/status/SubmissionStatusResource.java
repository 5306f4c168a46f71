package org.songprint.ingest.status;

import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiEndpoint;
import org.songprint.ingest.apikey.ApiKeys;

/**
 * {@code /v2/submission_status}, GET or form POST; the application key is checked before the ids
 * are read, as AcoustID does.
 */
@Path("/v2/submission_status")
public class SubmissionStatusResource extends ApiEndpoint {

    public SubmissionStatusResource(SubmissionStatusService service, ApiKeys apiKeys) {
        super(apiKeys.afterClientKey((application, params, caller) ->
                service.status(application, SubmissionStatusRequest.parse(params), caller)));
    }
}
