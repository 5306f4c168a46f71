package org.songprint.fingerprint.track;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.songprint.common.chromaprint.FingerprintArrays;

/**
 * Tracks and their links. Merged tracks are followed one hop (a merge re-points chains, so one hop
 * reaches the surviving track) and disabled tracks are never returned.
 */
@ApplicationScoped
public class TrackRepository {

    // Live-track queries; their three %s take the MBID columns, the MBID join and the ordering when
    // the links are wanted. Formatted once here, not per lookup.
    private static final String[] TRACKS_OF_FINGERPRINTS_SQL = variants("""
            SELECT f.id AS key, COALESCE(m.id, t.id) AS track_id, COALESCE(m.gid, t.gid) AS gid%s
            FROM fingerprint f
            JOIN track t ON t.id = f.track_id
            LEFT JOIN track m ON m.id = t.new_id%s
            WHERE f.id = ANY($1) AND NOT COALESCE(m.disabled, t.disabled)%s""");
    private static final String[] TRACKS_BY_GID_SQL = variants("""
            SELECT t.gid AS key, COALESCE(m.id, t.id) AS track_id, COALESCE(m.gid, t.gid) AS gid%s
            FROM track t
            LEFT JOIN track m ON m.id = t.new_id%s
            WHERE t.gid = ANY($1) AND NOT COALESCE(m.disabled, t.disabled)%s""");

    private final Pool client;

    public TrackRepository(@ReactiveDataSource("read-api") Pool client) {
        this.client = client;
    }

    /** The query without ([0]) and with ([1]) the tracks' enabled MBID links, in MBID order. */
    private static String[] variants(String template) {
        return new String[] {template.formatted("", "", ""), template.formatted(", tm.mbid, tm.submission_count",
                "\nLEFT JOIN track_mbid tm ON tm.track_id = COALESCE(m.id, t.id) AND NOT tm.disabled",
                "\nORDER BY track_id, tm.mbid")};
    }

    /**
     * The live track of each fingerprint id (fingerprints of disabled tracks are absent), and with
     * {@code withMbids} the tracks' enabled MBID links, in the same round trip.
     */
    public Uni<LiveTracks<Long>> tracksOfFingerprints(Collection<Long> fingerprintIds, boolean withMbids) {
        if (fingerprintIds.isEmpty()) {
            return Uni.createFrom().item(LiveTracks.none());
        }
        return liveTracks(TRACKS_OF_FINGERPRINTS_SQL, Tuple.of(toIntArray(fingerprintIds)), withMbids,
                row -> row.getInteger("key").longValue());
    }

    /**
     * The live track behind each requested AcoustID (following a merge), keyed by the requested id,
     * and with {@code withMbids} the tracks' enabled MBID links.
     */
    public Uni<LiveTracks<UUID>> tracksByGid(Collection<UUID> gids, boolean withMbids) {
        if (gids.isEmpty()) {
            return Uni.createFrom().item(LiveTracks.none());
        }
        return liveTracks(TRACKS_BY_GID_SQL, Tuple.of(gids.toArray(UUID[]::new)), withMbids, row -> row.getUUID("key"));
    }

    /**
     * Runs a live-track query: a track's links arrive once per key, in MBID order (PostgreSQL's order
     * of uuids, which is not {@link UUID#compareTo}'s), and are kept once per track.
     */
    private <K> Uni<LiveTracks<K>> liveTracks(String[] sql, Tuple args, boolean withMbids, Function<Row, K> key) {
        return client.preparedQuery(sql[withMbids ? 1 : 0]).execute(args).map(rows -> {
            Map<K, TrackRef> tracks = new HashMap<>();
            Map<Integer, List<TrackMbid>> mbids = new HashMap<>();
            Map<Integer, Set<UUID>> seen = new HashMap<>();
            for (Row row : rows) {
                int trackId = row.getInteger("track_id");
                tracks.put(key.apply(row), new TrackRef(trackId, row.getUUID("gid")));
                UUID mbid = withMbids ? row.getUUID("mbid") : null;
                if (mbid != null && seen.computeIfAbsent(trackId, k -> new HashSet<>()).add(mbid)) {
                    mbids.computeIfAbsent(trackId, k -> new ArrayList<>())
                            .add(new TrackMbid(mbid, row.getInteger("submission_count"), false));
                }
            }
            return new LiveTracks<>(tracks, mbids);
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
