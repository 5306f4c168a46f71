package org.songprint.fingerprint.importer;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.FingerprintArrays;
import org.songprint.common.chromaprint.FingerprintSimHash;

/**
 * The importer's statements, sent on the caller's {@link Pipeline} inside its transaction. Each
 * method sends its statement at once and returns its future result, so statements that do not need
 * each other's answers share a round trip; the importer waits with {@link Pipeline#await}.
 */
@ApplicationScoped
class ImportRepository {

    /** First key of the importer's advisory locks, so they cannot collide with other lock users. */
    static final int LOCK_NAMESPACE = 0x5350_0001;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Submissions of {@code ids} that were imported before, with the fingerprint they landed on. */
    CompletableFuture<Map<Long, TrackFingerprint>> alreadyImported(Pipeline pipeline, Collection<Long> ids) {
        return pipeline.send("""
                SELECT s.submission_id, f.id, f.track_id, t.gid, f.length, f.fingerprint
                  FROM fingerprint_source s
                  JOIN fingerprint f ON f.id = s.fingerprint_id
                  JOIN track t ON t.id = f.track_id
                 WHERE s.submission_id = ANY($1)""",
                Tuple.of(ids.stream().map(Long::intValue).toArray(Integer[]::new)), rows -> {
                    Map<Long, TrackFingerprint> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(row.getInteger("submission_id").longValue(), trackFingerprint(row));
                    }
                    return found;
                });
    }

    /**
     * Takes the transaction's advisory locks on these keys, in ascending order so two importers
     * locking overlapping sets cannot deadlock.
     */
    CompletableFuture<Void> lock(Pipeline pipeline, Collection<Integer> keys) {
        if (keys.isEmpty()) {
            return DONE;
        }
        return pipeline.send("""
                SELECT pg_advisory_xact_lock($1, k)
                  FROM (SELECT DISTINCT k FROM unnest($2::int[]) AS k ORDER BY k OFFSET 0) ordered""",
                Tuple.of(LOCK_NAMESPACE, keys.toArray(Integer[]::new)));
    }

    CompletableFuture<Integer> sourceId(Pipeline pipeline, int applicationId, int accountId, String version) {
        // DO UPDATE (not DO NOTHING) so the row is returned also when it already exists or a
        // concurrent transaction has just inserted it.
        return pipeline.send("""
                INSERT INTO source (application_id, account_id, version) VALUES ($1, $2, $3)
                ON CONFLICT (application_id, account_id, version) DO UPDATE SET version = EXCLUDED.version
                RETURNING id""", Tuple.of(applicationId, accountId, version), ImportRepository::onlyId);
    }

    CompletableFuture<Integer> formatId(Pipeline pipeline, String name) {
        return pipeline.send("""
                INSERT INTO format (name) VALUES ($1)
                ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id""", Tuple.of(name), ImportRepository::onlyId);
    }

    private static int onlyId(RowSet<Row> rows) {
        return rows.iterator().next().getInteger("id");
    }

    /**
     * Every fingerprint of the live, enabled tracks that own the given fingerprints (including rows
     * this transaction wrote).
     */
    CompletableFuture<List<TrackFingerprint>> fingerprintsOfTracksOf(Pipeline pipeline, Collection<Integer> fingerprintIds) {
        if (fingerprintIds.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return pipeline.send("""
                SELECT f.id, f.track_id, t.gid, f.length, f.fingerprint
                  FROM fingerprint f
                  JOIN track t ON t.id = f.track_id
                 WHERE f.track_id IN (SELECT track_id FROM fingerprint WHERE id = ANY($1))
                   AND t.new_id IS NULL AND NOT t.disabled""", Tuple.of(fingerprintIds.toArray(Integer[]::new)), rows -> {
                    List<TrackFingerprint> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(trackFingerprint(row));
                    }
                    return out;
                });
    }

    /**
     * Stored fingerprints whose SimHash equals one of {@code simhashes} or differs from it in one
     * bit, by SimHash: candidates the index may not hold yet (written moments ago, possibly by
     * another importer). Read after the SimHashes' locks are taken, so every import that held one
     * of them before is visible.
     */
    CompletableFuture<Map<Integer, List<TrackFingerprint>>> nearSimHashes(Pipeline pipeline, Collection<Integer> simhashes) {
        Set<Integer> keys = new HashSet<>();
        for (int simhash : simhashes) {
            keys.add(simhash);
            for (int bit = 0; bit < 32; bit++) {
                keys.add(simhash ^ (1 << bit));
            }
        }
        // Materialised first: a generic plan joining fingerprint early once preferred scanning every
        // fingerprint of a length (400 ms at 13k rows) over the key probes.
        return pipeline.send("""
                WITH near AS MATERIALIZED (
                    SELECT fingerprint_id, simhash_key FROM fingerprint_data WHERE simhash_key = ANY($1))
                SELECT near.simhash_key, f.id, f.track_id, t.gid, f.length, f.fingerprint
                  FROM near
                  JOIN fingerprint f ON f.id = near.fingerprint_id
                  JOIN track t ON t.id = f.track_id
                 WHERE t.new_id IS NULL AND NOT t.disabled""", Tuple.of((Object) keys.toArray(Integer[]::new)), rows -> {
                    Map<Integer, List<TrackFingerprint>> out = new HashMap<>();
                    for (Row row : rows) {
                        out.computeIfAbsent(row.getInteger("simhash_key"), k -> new ArrayList<>()).add(trackFingerprint(row));
                    }
                    return out;
                });
    }

    /** The fingerprints of {@link #nearSimHashes} for one SimHash. */
    static List<TrackFingerprint> neighbours(Map<Integer, List<TrackFingerprint>> bySimHash, int simhash) {
        List<TrackFingerprint> out = new ArrayList<>(bySimHash.getOrDefault(simhash, List.of()));
        for (int bit = 0; bit < 32; bit++) {
            out.addAll(bySimHash.getOrDefault(simhash ^ (1 << bit), List.of()));
        }
        return out;
    }

    /** {@code count} new values of a serial column's sequence. */
    CompletableFuture<List<Integer>> nextIds(Pipeline pipeline, String sequence, int count) {
        if (count == 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        return pipeline.send("SELECT nextval($1::regclass)::int AS id FROM generate_series(1, $2)", Tuple.of(sequence, count),
                rows -> {
                    List<Integer> ids = new ArrayList<>(count);
                    for (Row row : rows) {
                        ids.add(row.getInteger("id"));
                    }
                    return ids;
                });
    }

    CompletableFuture<Void> insertTracks(Pipeline pipeline, List<Integer> ids, List<UUID> gids) {
        if (ids.isEmpty()) {
            return DONE;
        }
        return pipeline.send("INSERT INTO track (id, gid) SELECT * FROM unnest($1::int[], $2::uuid[])",
                Tuple.of(ids.toArray(Integer[]::new), gids.toArray(UUID[]::new)));
    }

    /**
     * New fingerprints with their fingerprint_data rows. submission_count starts at 0: each
     * fingerprint_source row (same transaction) adds one through the schema's trigger.
     */
    CompletableFuture<Void> insertFingerprints(Pipeline pipeline, List<FingerprintRow> rows) {
        if (rows.isEmpty()) {
            return DONE;
        }
        int n = rows.size();
        Integer[] ids = new Integer[n];
        Integer[] tracks = new Integer[n];
        String[] arrays = new String[n];
        Short[] lengths = new Short[n];
        Short[] bitrates = new Short[n];
        Integer[] formats = new Integer[n];
        Buffer[] compressed = new Buffer[n];
        String[] cubes = new String[n];
        Integer[] simhashes = new Integer[n];
        for (int i = 0; i < n; i++) {
            FingerprintRow row = rows.get(i);
            ids[i] = row.id();
            tracks[i] = row.trackId();
            arrays[i] = arrayLiteral(row.hashes());
            lengths[i] = (short) row.length();
            bitrates[i] = row.bitrate() == null ? null : row.bitrate().shortValue();
            formats[i] = row.formatId();
            compressed[i] = Buffer.buffer(ChromaprintCodec.compress(Fingerprint.ACOUSTID_ALGORITHM, row.hashes()));
            cubes[i] = FingerprintSimHash.toCube(row.simhash());
            simhashes[i] = row.simhash();
        }
        pipeline.send("""
                INSERT INTO fingerprint (id, track_id, fingerprint, length, bitrate, format_id, submission_count)
                SELECT id, track_id, items::int[], length, bitrate, format_id, 0
                  FROM unnest($1::int[], $2::int[], $3::text[], $4::int2[], $5::int2[], $6::int[])
                       AS r(id, track_id, items, length, bitrate, format_id)""",
                Tuple.from(new Object[] {ids, tracks, arrays, lengths, bitrates, formats}));
        return pipeline.send("""
                INSERT INTO fingerprint_data (fingerprint_id, fingerprint, simhash, simhash_key)
                SELECT id, data, cube::cube, key FROM unnest($1::int[], $2::bytea[], $3::text[], $4::int[]) AS r(id, data, cube, key)""",
                Tuple.of(ids, compressed, cubes, simhashes));
    }

    CompletableFuture<Void> insertFingerprintSources(Pipeline pipeline, List<SourceRow> rows) {
        return insertSources(pipeline, "INSERT INTO fingerprint_source (fingerprint_id, submission_id, source_id) ", rows);
    }

    CompletableFuture<Void> insertLinkSources(Pipeline pipeline, LinkTable<?> table, List<SourceRow> rows) {
        return insertSources(pipeline, table.insertSources, rows);
    }

    private CompletableFuture<Void> insertSources(Pipeline pipeline, String insert, List<SourceRow> rows) {
        if (rows.isEmpty()) {
            return DONE;
        }
        return pipeline.send(insert + "SELECT * FROM unnest($1::int[], $2::int[], $3::int[])",
                Tuple.of(rows.stream().map(SourceRow::linkId).toArray(Integer[]::new),
                        rows.stream().map(r -> (int) r.submissionId()).toArray(Integer[]::new),
                        rows.stream().map(SourceRow::sourceId).toArray(Integer[]::new)));
    }

    /**
     * Adds each (track, value) pair's submission count to its link, creating links that are new.
     * Rows are written in (track, value) order, so importers upserting overlapping links cannot
     * deadlock.
     */
    <V extends Comparable<V>> CompletableFuture<Map<LinkKey<V>, LinkRow>> link(Pipeline pipeline, LinkTable<V> table,
            Map<LinkKey<V>, Integer> submissions) {
        Map<LinkKey<V>, Integer> ordered = new TreeMap<>(submissions);
        Integer[] tracks = ordered.keySet().stream().map(LinkKey::trackId).toArray(Integer[]::new);
        V[] values = ordered.keySet().stream().map(LinkKey::value).toArray(table::newArray);
        Integer[] counts = ordered.values().toArray(Integer[]::new);
        return pipeline.send(table.upsert, Tuple.of(tracks, values, counts), rows -> {
            Map<LinkKey<V>, LinkRow> out = new HashMap<>();
            for (Row row : rows) {
                out.put(new LinkKey<>(row.getInteger("track_id"), table.value(row)),
                        new LinkRow(row.getInteger("id"), row.getBoolean("inserted")));
            }
            return out;
        });
    }

    /** Ids of these metadata rows by gid, created where new. */
    CompletableFuture<Map<UUID, Integer>> metaIds(Pipeline pipeline, List<NormalizedMeta> metas) {
        Map<UUID, NormalizedMeta> distinct = new TreeMap<>();
        metas.forEach(meta -> distinct.putIfAbsent(meta.gid(), meta));
        List<NormalizedMeta> rows = new ArrayList<>(distinct.values());
        // DO UPDATE (not DO NOTHING) so existing rows and rows a concurrent import just created are returned too
        return pipeline.send("""
                INSERT INTO meta (track, artist, album, album_artist, track_no, disc_no, year, gid)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::uuid[])
                ON CONFLICT (gid) DO UPDATE SET gid = EXCLUDED.gid RETURNING id, gid""",
                Tuple.from(new Object[] {
                    rows.stream().map(NormalizedMeta::track).toArray(String[]::new),
                    rows.stream().map(NormalizedMeta::artist).toArray(String[]::new),
                    rows.stream().map(NormalizedMeta::album).toArray(String[]::new),
                    rows.stream().map(NormalizedMeta::albumArtist).toArray(String[]::new),
                    rows.stream().map(NormalizedMeta::trackNo).toArray(Integer[]::new),
                    rows.stream().map(NormalizedMeta::discNo).toArray(Integer[]::new),
                    rows.stream().map(NormalizedMeta::year).toArray(Integer[]::new),
                    rows.stream().map(NormalizedMeta::gid).toArray(UUID[]::new)}), inserted -> {
                    Map<UUID, Integer> out = new HashMap<>();
                    for (Row row : inserted) {
                        out.put(row.getUUID("gid"), row.getInteger("id"));
                    }
                    return out;
                });
    }

    /** Ids of these foreign ids (and their vendors), created where new. */
    CompletableFuture<Map<ForeignId, Integer>> foreignIdIds(Pipeline pipeline, List<ForeignId> foreignIds) {
        List<ForeignId> distinct = foreignIds.stream().distinct()
                .sorted(Comparator.comparing(ForeignId::vendor).thenComparing(ForeignId::name)).toList();
        return pipeline.send("""
                WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) AS i(vendor, name)),
                vendor AS (
                    INSERT INTO foreignid_vendor (name) SELECT DISTINCT vendor FROM input ORDER BY vendor
                    ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, name)
                INSERT INTO foreignid (vendor_id, name)
                SELECT vendor.id, input.name FROM input JOIN vendor ON vendor.name = input.vendor
                ON CONFLICT (vendor_id, name) DO UPDATE SET name = EXCLUDED.name
                RETURNING id, name, (SELECT name FROM vendor WHERE vendor.id = foreignid.vendor_id) AS vendor""",
                Tuple.of(distinct.stream().map(ForeignId::vendor).toArray(String[]::new),
                        distinct.stream().map(ForeignId::name).toArray(String[]::new)), rows -> {
                    Map<ForeignId, Integer> out = new HashMap<>();
                    for (Row row : rows) {
                        out.put(new ForeignId(row.getString("vendor"), row.getString("name")), row.getInteger("id"));
                    }
                    return out;
                });
    }

    private static String arrayLiteral(int[] hashes) {
        StringBuilder out = new StringBuilder(hashes.length * 11 + 2).append('{');
        for (int i = 0; i < hashes.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(hashes[i]);
        }
        return out.append('}').toString();
    }

    private static TrackFingerprint trackFingerprint(Row row) {
        return new TrackFingerprint(row.getInteger("id"), row.getInteger("track_id"), row.getUUID("gid"),
                row.getInteger("length"), FingerprintArrays.unbox(row.getArrayOfIntegers("fingerprint")));
    }

    /** A new fingerprint's row, with its id taken from the sequence. */
    record FingerprintRow(int id, int trackId, int[] hashes, int length, Integer bitrate, Integer formatId, int simhash) {
    }

    /** A provenance row: the link (or fingerprint) a submission added to, and its source. */
    record SourceRow(int linkId, long submissionId, int sourceId) {
    }

    /** A track link row and whether this statement created it. */
    record LinkRow(int id, boolean inserted) {
    }

    /** A (track, value) pair of a link table, ordered for deadlock-free upserts. */
    record LinkKey<V extends Comparable<V>>(int trackId, V value) implements Comparable<LinkKey<V>> {
        @Override
        public int compareTo(LinkKey<V> other) {
            int byTrack = Integer.compare(trackId, other.trackId);
            return byTrack != 0 ? byTrack : value.compareTo(other.value);
        }
    }
}
