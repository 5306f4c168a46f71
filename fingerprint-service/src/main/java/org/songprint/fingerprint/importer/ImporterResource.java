package org.songprint.fingerprint.importer;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.songprint.common.api.ApiCall;
import org.songprint.common.failure.ParkedRecordsResource;

/**
 * Operators pause and resume this replica's importer (with the cluster {@code secret}, under
 * {@code /internal}, which the public proxy does not route): submissions keep being accepted and
 * wait in the topic; lookups go on. They list the submissions the importers parked ({@code parked})
 * and import them again after a fix ({@code replay}, with the secret; {@code id} repeatable, none
 * for all), as every service lists and replays its parked records.
 */
@Path("/internal/importer")
public class ImporterResource extends ParkedRecordsResource {

    private final ImporterControl control;

    public ImporterResource(ImporterControl control) {
        super(control);
        this.control = control;
    }

    @POST
    @Path("pause")
    public Uni<Response> pause(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return ApiCall.post(uri, headers, body, control::pause);
    }

    @POST
    @Path("resume")
    public Uni<Response> resume(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return ApiCall.post(uri, headers, body, control::resume);
    }
}
