package org.songprint.ingest.submit;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ApiEndpoint;
import org.songprint.common.api.ApiParams;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.Caller;
import org.songprint.ingest.apikey.ApiKeys;

/**
 * {@code /v2/submit}, GET or form POST. Read on a worker thread: inflating and decoding a full 1 MiB
 * batch takes milliseconds of CPU that must not hold an event loop (the database write is
 * asynchronous all the same).
 */
@Path("/v2/submit")
public class SubmitResource extends ApiEndpoint {

    private final SubmitService service;
    private final ApiKeys apiKeys;

    public SubmitResource(SubmitService service, ApiKeys apiKeys) {
        this.service = service;
        this.apiKeys = apiKeys;
    }

    /** AcoustID's order: the application key, then the user key, then the entries. */
    @Override
    protected Uni<ApiAnswer> answer(ApiParams params, Caller caller) {
        ApiKeyEvent application = apiKeys.requireClient(params.first("client"));
        ApiKeyEvent user = apiKeys.requireUser(params.first("user"));
        return service.submit(application, user, SubmissionParser.parse(params), caller);
    }

    @Override
    protected boolean readsOnWorker() {
        return true;
    }
}
