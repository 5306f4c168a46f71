package org.songprint.ingest.backlog;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.songprint.common.api.ApiCall;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.ClusterSecret;

/**
 * For operators (not routed by the public proxy): {@code GET /internal/backlog} (unsent and parked
 * outbox rows, submissions without an outcome and their ages, and the Kafka lag of the importer and
 * of the outcome consumer; {@code ./stack backlog} prints it), {@code GET /internal/backlog/parked}
 * (the parked rows with their reasons) and {@code POST /internal/backlog/replay} (cluster secret;
 * {@code id} repeatable, none for all) to put parked rows back in line after a fix.
 */
@Path("/internal/backlog")
public class BacklogResource {

    private static final int PARKED_LISTED = 1000;

    private final BacklogService backlog;
    private final ClusterSecret secret;

    public BacklogResource(BacklogService backlog, ClusterSecret secret) {
        this.backlog = backlog;
        this.secret = secret;
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Backlog get() {
        return backlog.measure().await().atMost(Duration.ofSeconds(15));
    }

    @GET
    @Path("/parked")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<ParkedSubmission>> parked() {
        return backlog.parked(PARKED_LISTED);
    }

    @POST
    @Path("/replay")
    public Uni<Response> replay(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return ApiCall.post(uri, headers, body, this::replay);
    }

    private Uni<BacklogReplayed> replay(ApiParams params) {
        secret.require(params);
        List<Integer> ids = new ArrayList<>();
        for (String value : params.all("id")) {
            Integer id = ApiParams.parseInt(value);
            if (id == null) {
                throw ApiException.missingParameter("id");
            }
            ids.add(id);
        }
        return backlog.replay(ids).map(BacklogReplayed::new);
    }
}
