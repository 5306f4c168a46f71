package org.songprint.ingest.status;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ApiEndpoint;
import org.songprint.common.api.ApiParams;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.Caller;
import org.songprint.ingest.apikey.ApiKeys;

/** {@code /v2/submission_status}, GET or form POST. */
@Path("/v2/submission_status")
public class SubmissionStatusResource extends ApiEndpoint {

    private final SubmissionStatusService service;
    private final ApiKeys apiKeys;

    public SubmissionStatusResource(SubmissionStatusService service, ApiKeys apiKeys) {
        this.service = service;
        this.apiKeys = apiKeys;
    }

    /** AcoustID's order: the application key is checked before the ids are read. */
    @Override
    protected Uni<ApiAnswer> answer(ApiParams params, Caller caller) {
        ApiKeyEvent application = apiKeys.requireClient(params.first("client"));
        return service.status(application, SubmissionStatusRequest.parse(params), caller);
    }
}
