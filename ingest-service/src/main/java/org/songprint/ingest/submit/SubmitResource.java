package org.songprint.ingest.submit;

import jakarta.ws.rs.Path;
import org.songprint.common.api.ApiEndpoint;
import org.songprint.ingest.apikey.ApiKeys;

/**
 * {@code /v2/submit}, GET or form POST, checked in AcoustID's order: the application key, then the
 * user key, then the entries. Read on a worker thread: inflating and decoding a full 1 MiB batch
 * takes milliseconds of CPU that must not hold an event loop (the database write is asynchronous
 * all the same).
 */
@Path("/v2/submit")
public class SubmitResource extends ApiEndpoint {

    public SubmitResource(SubmitService service, ApiKeys apiKeys) {
        super(apiKeys.afterClientKey((application, params, caller) -> service.submit(
                application, apiKeys.requireUser(params.first("user")), SubmissionParser.parse(params), caller)),
                ReadOn.WORKER);
    }
}
