package org.songprint.fingerprint.catalogue;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Function;
import org.songprint.common.api.AcoustIdError;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ErrorAnswer;
import org.songprint.common.catalogue.CatalogueIds;

/**
 * The catalogue for the web pages that account-service renders (one look and one session for every
 * page): tracks, fingerprints with their items, and the tracks of an MBID, as the JSON of
 * {@code org.songprint.common.catalogue}. Under {@code /internal}, which the public proxy does not
 * route; read-only, so no secret.
 */
@Path("/internal/catalogue")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogueResource {

    private final CatalogueService catalogue;

    public CatalogueResource(CatalogueService catalogue) {
        this.catalogue = catalogue;
    }

    /** A track by its gid, a fingerprint by its id, or the tracks of an MBID. */
    @GET
    @Path("{kind: track|fingerprint|mbid}/{key}")
    public Uni<Response> entry(@PathParam("kind") String kind, @PathParam("key") String key) {
        return switch (kind) {
            case "track" -> answer(key, "gid", CatalogueIds::uuid, catalogue::track, "no such track");
            case "fingerprint" -> answer(key, "id", CatalogueIds::fingerprintId, catalogue::fingerprint, "no such fingerprint");
            default -> answer(key, "mbid", CatalogueIds::uuid, catalogue::recording, "no track is linked to this MBID");
        };
    }

    /** The catalogue's totals, as the scheduled count last wrote them, for the /stats page. */
    @GET
    @Path("stats")
    public Uni<Response> stats() {
        return catalogue.stats().map(json -> Response.ok(json).build());
    }

    private static <K> Uni<Response> answer(String raw, String name, Function<String, Optional<K>> parse,
            Function<K, Uni<Optional<String>>> read, String notFound) {
        Optional<K> key = parse.apply(raw);
        if (key.isEmpty()) {
            // AcoustID's code for a malformed identifier; a fingerprint id is one too
            return Uni.createFrom().item(error(new ApiException(AcoustIdError.INVALID_UUID, "invalid " + name)));
        }
        return read.apply(key.get()).map(page -> page.map(json -> Response.ok(json).build())
                .orElseGet(() -> error(new ApiException(AcoustIdError.FINGERPRINT_NOT_FOUND, notFound))));
    }

    private static Response error(ApiException error) {
        return Response.status(error.error().httpStatus()).entity(ErrorAnswer.of(error)).build();
    }
}
