package org.songprint.ingest.status;

import jakarta.ws.rs.Path;
import org.songprint.common.failure.ParkedRecordsResource;

/**
 * For operators (under {@code /internal}, which the public proxy does not route): the import
 * outcomes that could not be recorded ({@code parked}), and recording them again after a fix
 * ({@code replay}, with the cluster {@code secret}; {@code id} repeatable, none for all). The outbox's
 * own parked submissions are at {@code /internal/backlog}.
 */
@Path("/internal/results")
public class ParkedResultsResource extends ParkedRecordsResource {

    public ParkedResultsResource(ParkedResultsService parked) {
        super(parked);
    }
}
