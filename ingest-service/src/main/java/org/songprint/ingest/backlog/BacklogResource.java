package org.songprint.ingest.backlog;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /internal/backlog} for operators (not routed by the public proxy): unsent outbox rows,
 * submissions without an outcome and their ages, and the Kafka lag of the importer and of the
 * outcome consumer. {@code ./stack backlog} prints it.
 */
@Path("/internal/backlog")
public class BacklogResource {

    private final BacklogService backlog;

    public BacklogResource(BacklogService backlog) {
        this.backlog = backlog;
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Backlog get() {
        return backlog.measure().await().atMost(java.time.Duration.ofSeconds(15));
    }
}
