package org.songprint.fingerprint.track;

import org.songprint.common.chromaprint.FingerprintArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Tracks and their links. Merged tracks are followed one hop (a merge re-points chains, so one hop
 * reaches the surviving track) and disabled tracks are never returned.
 */
@ApplicationScoped
public class TrackRepository {

    private final Pool client;

    public TrackRepository(Pool client) {
        this.client = client;
    }

    /** The live track of each fingerprint id; fingerprints of disabled tracks are absent. */
    public Uni<Map<Long, TrackRef>> tracksOfFingerprints(Collection<Long> fingerprintIds) {
        if (fingerprintIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("""
                SELECT f.id AS fingerprint_id, COALESCE(m.id, t.id) AS track_id, COALESCE(m.gid, t.gid) AS gid
                FROM fingerprint f
                JOIN track t ON t.id = f.track_id
                LEFT JOIN track m ON m.id = t.new_id
                WHERE f.id = ANY($1) AND NOT COALESCE(m.disabled, t.disabled)""")
                .execute(Tuple.of(toIntArray(fingerprintIds)))
                .map(rows -> {
                    Map<Long, TrackRef> out = new HashMap<>();
                    for (Row row : rows) {
                        out.put(row.getInteger("fingerprint_id").longValue(),
                                new TrackRef(row.getInteger("track_id"), row.getUUID("gid")));
                    }
                    return out;
                });
    }

    /** The live track behind each requested AcoustID (following a merge), keyed by the requested id. */
    public Uni<Map<UUID, TrackRef>> tracksByGid(Collection<UUID> gids) {
        if (gids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("""
                SELECT t.gid AS requested, COALESCE(m.id, t.id) AS track_id, COALESCE(m.gid, t.gid) AS gid
                FROM track t
                LEFT JOIN track m ON m.id = t.new_id
                WHERE t.gid = ANY($1) AND NOT COALESCE(m.disabled, t.disabled)""")
                .execute(Tuple.of(gids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, TrackRef> out = new HashMap<>();
                    for (Row row : rows) {
                        out.put(row.getUUID("requested"), new TrackRef(row.getInteger("track_id"), row.getUUID("gid")));
                    }
                    return out;
                });
    }

    /** Enabled MBID links of each track, ordered by MBID. */
    public Uni<Map<Integer, List<TrackMbid>>> mbidsOfTracks(Collection<Integer> trackIds) {
        if (trackIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("""
                SELECT track_id, mbid, submission_count, disabled FROM track_mbid
                WHERE track_id = ANY($1) AND NOT disabled
                ORDER BY track_id, mbid""")
                .execute(Tuple.of(trackIds.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, List<TrackMbid>> out = new HashMap<>();
                    for (Row row : rows) {
                        out.computeIfAbsent(row.getInteger("track_id"), k -> new ArrayList<>())
                                .add(new TrackMbid(row.getUUID("mbid"), row.getInteger("submission_count"), false));
                    }
                    return out;
                });
    }

    /** The live tracks linked to each MBID, in track order; disabled links only when asked for. */
    public Uni<Map<UUID, List<TrackLink>>> tracksOfMbids(List<UUID> mbids, boolean includeDisabled) {
        if (mbids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("""
                SELECT tm.mbid, t.gid, tm.disabled
                FROM track_mbid tm
                JOIN track t ON t.id = tm.track_id
                WHERE tm.mbid = ANY($1) AND t.new_id IS NULL AND NOT t.disabled AND ($2 OR NOT tm.disabled)
                ORDER BY tm.mbid, t.id""")
                .execute(Tuple.of(mbids.toArray(UUID[]::new), includeDisabled))
                .map(rows -> {
                    Map<UUID, List<TrackLink>> out = new LinkedHashMap<>();
                    for (Row row : rows) {
                        out.computeIfAbsent(row.getUUID("mbid"), k -> new ArrayList<>())
                                .add(new TrackLink(row.getUUID("gid"), row.getBoolean("disabled")));
                    }
                    return out;
                });
    }

    /** One stored fingerprint by id. */
    public Uni<Optional<StoredFingerprint>> fingerprint(int id) {
        return client.preparedQuery("SELECT id, length, fingerprint FROM fingerprint WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    int[] hashes = FingerprintArrays.unbox(row.getArrayOfIntegers("fingerprint"));
                    return Optional.of(new StoredFingerprint(row.getInteger("id"), row.getInteger("length"), hashes));
                });
    }

    private static Integer[] toIntArray(Collection<Long> ids) {
        Integer[] out = new Integer[ids.size()];
        int i = 0;
        for (long id : ids) {
            out[i++] = Math.toIntExact(id);
        }
        return out;
    }

    /** A track linked to an MBID, as list_by_mbid shows it. */
    public record TrackLink(UUID gid, boolean disabled) {
    }

    /** A fingerprint row. */
    public record StoredFingerprint(int id, int length, int[] hashes) {
    }
}
