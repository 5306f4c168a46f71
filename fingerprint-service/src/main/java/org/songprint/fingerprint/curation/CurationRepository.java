package org.songprint.fingerprint.curation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.songprint.common.api.AcoustIdError;
import org.songprint.common.api.ApiException;

/** The curation statements, each operation in one transaction. */
@ApplicationScoped
public class CurationRepository {

    private final Pool client;

    public CurationRepository(Pool client) {
        this.client = client;
    }

    /**
     * Merges the source tracks into the target (all or none); returns the sources merged now (a
     * source already merged into the target is left as it is).
     */
    public Uni<List<UUID>> merge(UUID target, List<UUID> sources) {
        return client.withTransaction(connection -> tracks(connection, target, sources).flatMap(found -> {
            TrackRow targetRow = found.get(target);
            if (targetRow == null) {
                throw unknownTrack(target);
            }
            if (targetRow.newId() != null) {
                throw new ApiException(AcoustIdError.NOT_ALLOWED, "track " + target + " is itself merged into another track");
            }
            List<Integer> ids = new ArrayList<>();
            List<UUID> merged = new ArrayList<>();
            for (UUID source : sources) {
                TrackRow row = found.get(source);
                if (row == null) {
                    throw unknownTrack(source);
                }
                if (row.newId() == null || row.newId() != targetRow.id()) {
                    ids.add(row.id());
                    merged.add(source);
                }
            }
            if (ids.isEmpty()) {
                return Uni.createFrom().item(merged);
            }
            // one row at a time, in id order: the trigger moves each track's fingerprints and links
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int id : ids.stream().sorted().toList()) {
                chain = chain.flatMap(ignored -> connection.preparedQuery("UPDATE track SET new_id = $1 WHERE id = $2")
                        .execute(Tuple.of(targetRow.id(), id)).replaceWithVoid());
            }
            return chain.replaceWith(merged);
        }));
    }

    /** Sets the link's disabled flag and logs the change; returns false if it already had that state. */
    public Uni<Boolean> setDisabled(UUID track, UUID mbid, boolean disabled, int account, String note, int changesPerHour) {
        return client.withTransaction(connection -> connection.preparedQuery("""
                        SELECT tm.id, tm.disabled,
                               (SELECT count(*) FROM track_mbid_change c
                                 WHERE c.account_id = $3 AND c.created > now() - interval '1 hour') AS recent
                          FROM track t
                          JOIN track_mbid tm ON tm.track_id = COALESCE(t.new_id, t.id)
                         WHERE t.gid = $1 AND tm.mbid = $2
                         FOR UPDATE OF tm""")
                .execute(Tuple.of(track, mbid, account))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw new ApiException(AcoustIdError.INVALID_UUID, "mbid " + mbid + " is not linked to track " + track);
                    }
                    Row row = rows.iterator().next();
                    if (row.getBoolean("disabled") == disabled) {
                        return Uni.createFrom().item(false);
                    }
                    if (row.getLong("recent") >= changesPerHour) {
                        throw new ApiException(AcoustIdError.TOO_MANY_REQUESTS, "at most " + changesPerHour
                                + " link changes per hour per account; try again later");
                    }
                    int linkId = row.getInteger("id");
                    return connection.preparedQuery("UPDATE track_mbid SET disabled = $1 WHERE id = $2")
                            .execute(Tuple.of(disabled, linkId))
                            .flatMap(ignored -> connection.preparedQuery("""
                                    INSERT INTO track_mbid_change (track_mbid_id, account_id, disabled, note)
                                    VALUES ($1, $2, $3, $4)""").execute(Tuple.of(linkId, account, disabled, note)))
                            .replaceWith(true);
                }));
    }

    private static Uni<Map<UUID, TrackRow>> tracks(SqlConnection connection, UUID target, List<UUID> sources) {
        List<UUID> all = new ArrayList<>(sources);
        all.add(target);
        return connection.preparedQuery("SELECT id, gid, new_id FROM track WHERE gid = ANY($1) ORDER BY id FOR UPDATE")
                .execute(Tuple.of((Object) all.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, TrackRow> out = new HashMap<>();
                    for (Row row : rows) {
                        out.put(row.getUUID("gid"), new TrackRow(row.getInteger("id"), row.getInteger("new_id")));
                    }
                    return out;
                });
    }

    private static ApiException unknownTrack(UUID gid) {
        return new ApiException(AcoustIdError.INVALID_UUID, "unknown track " + gid);
    }

    private record TrackRow(int id, Integer newId) {
    }
}
