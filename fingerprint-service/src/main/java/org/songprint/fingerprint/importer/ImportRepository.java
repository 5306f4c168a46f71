package org.songprint.fingerprint.importer;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.Comparator;
import java.util.UUID;
import io.vertx.core.buffer.Buffer;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.FingerprintArrays;
import org.songprint.common.chromaprint.FingerprintSimHash;

/**
 * The importer's statements, run on the caller's connection inside its transaction. The importer
 * runs on its own thread, so these block (with a timeout) instead of returning Unis.
 */
@ApplicationScoped
class ImportRepository {

    /** First key of the importer's advisory locks, so they cannot collide with other lock users. */
    static final int LOCK_NAMESPACE = 0x5350_0001;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Submissions of {@code ids} that were imported before, with the fingerprint they landed on. */
    Map<Long, TrackFingerprint> alreadyImported(SqlConnection connection, Collection<Long> ids) {
        RowSet<Row> rows = await(connection.preparedQuery("""
                SELECT s.submission_id, f.id, f.track_id, t.gid, f.length, f.fingerprint
                  FROM fingerprint_source s
                  JOIN fingerprint f ON f.id = s.fingerprint_id
                  JOIN track t ON t.id = f.track_id
                 WHERE s.submission_id = ANY($1)""")
                .execute(Tuple.of(ids.stream().map(Long::intValue).toArray(Integer[]::new))));
        Map<Long, TrackFingerprint> found = new HashMap<>();
        for (Row row : rows) {
            found.put(row.getInteger("submission_id").longValue(), trackFingerprint(row));
        }
        return found;
    }

    /**
     * Takes the transaction's advisory locks on these keys, in ascending order so two importers
     * locking overlapping sets cannot deadlock.
     */
    void lock(SqlConnection connection, Collection<Integer> keys) {
        if (keys.isEmpty()) {
            return;
        }
        await(connection.preparedQuery("""
                SELECT pg_advisory_xact_lock($1, k)
                  FROM (SELECT DISTINCT k FROM unnest($2::int[]) AS k ORDER BY k OFFSET 0) ordered""")
                .execute(Tuple.of(LOCK_NAMESPACE, keys.toArray(Integer[]::new))));
    }

    int sourceId(SqlConnection connection, int applicationId, int accountId, String version) {
        // DO UPDATE (not DO NOTHING) so the row is returned also when it already exists or a
        // concurrent transaction has just inserted it.
        return await(connection.preparedQuery("""
                INSERT INTO source (application_id, account_id, version) VALUES ($1, $2, $3)
                ON CONFLICT (application_id, account_id, version) DO UPDATE SET version = EXCLUDED.version
                RETURNING id""")
                .execute(Tuple.of(applicationId, accountId, version))).iterator().next().getInteger("id");
    }

    int formatId(SqlConnection connection, String name) {
        return await(connection.preparedQuery("""
                INSERT INTO format (name) VALUES ($1)
                ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id""")
                .execute(Tuple.of(name))).iterator().next().getInteger("id");
    }

    /**
     * Every fingerprint of the live, enabled tracks that own the given fingerprints (including rows
     * this transaction wrote).
     */
    List<TrackFingerprint> fingerprintsOfTracksOf(SqlConnection connection, Collection<Integer> fingerprintIds) {
        if (fingerprintIds.isEmpty()) {
            return List.of();
        }
        RowSet<Row> rows = await(connection.preparedQuery("""
                SELECT f.id, f.track_id, t.gid, f.length, f.fingerprint
                  FROM fingerprint f
                  JOIN track t ON t.id = f.track_id
                 WHERE f.track_id IN (SELECT track_id FROM fingerprint WHERE id = ANY($1))
                   AND t.new_id IS NULL AND NOT t.disabled""")
                .execute(Tuple.of(fingerprintIds.toArray(Integer[]::new))));
        List<TrackFingerprint> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(trackFingerprint(row));
        }
        return out;
    }

    /**
     * Stored fingerprints whose SimHash equals one of {@code simhashes} or differs from it in one
     * bit, by SimHash: candidates the index may not hold yet (written moments ago, possibly by
     * another importer). Read after the SimHashes' locks are taken, so every import that held one
     * of them before is visible.
     */
    Map<Integer, List<TrackFingerprint>> nearSimHashes(SqlConnection connection, Collection<Integer> simhashes) {
        Set<Integer> keys = new HashSet<>();
        for (int simhash : simhashes) {
            keys.add(simhash);
            for (int bit = 0; bit < 32; bit++) {
                keys.add(simhash ^ (1 << bit));
            }
        }
        // Materialised first: a generic plan joining fingerprint early once preferred scanning every
        // fingerprint of a length (400 ms at 13k rows) over the key probes.
        RowSet<Row> rows = await(connection.preparedQuery("""
                WITH near AS MATERIALIZED (
                    SELECT fingerprint_id, simhash_key FROM fingerprint_data WHERE simhash_key = ANY($1))
                SELECT near.simhash_key, f.id, f.track_id, t.gid, f.length, f.fingerprint
                  FROM near
                  JOIN fingerprint f ON f.id = near.fingerprint_id
                  JOIN track t ON t.id = f.track_id
                 WHERE t.new_id IS NULL AND NOT t.disabled""")
                .execute(Tuple.of((Object) keys.toArray(Integer[]::new))));
        Map<Integer, List<TrackFingerprint>> out = new HashMap<>();
        for (Row row : rows) {
            out.computeIfAbsent(row.getInteger("simhash_key"), k -> new ArrayList<>()).add(trackFingerprint(row));
        }
        return out;
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
    List<Integer> nextIds(SqlConnection connection, String sequence, int count) {
        if (count == 0) {
            return List.of();
        }
        List<Integer> ids = new ArrayList<>(count);
        for (Row row : await(connection.preparedQuery("SELECT nextval($1::regclass)::int AS id FROM generate_series(1, $2)")
                .execute(Tuple.of(sequence, count)))) {
            ids.add(row.getInteger("id"));
        }
        return ids;
    }

    void insertTracks(SqlConnection connection, List<Integer> ids, List<UUID> gids) {
        if (ids.isEmpty()) {
            return;
        }
        await(connection.preparedQuery("INSERT INTO track (id, gid) SELECT * FROM unnest($1::int[], $2::uuid[])")
                .execute(Tuple.of(ids.toArray(Integer[]::new), gids.toArray(UUID[]::new))));
    }

    /**
     * New fingerprints with their fingerprint_data rows. submission_count starts at 0: each
     * fingerprint_source row (same transaction) adds one through the schema's trigger.
     */
    void insertFingerprints(SqlConnection connection, List<SubmissionImporter.NewFingerprint> rows) {
        if (rows.isEmpty()) {
            return;
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
            SubmissionImporter.NewFingerprint row = rows.get(i);
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
        await(connection.preparedQuery("""
                INSERT INTO fingerprint (id, track_id, fingerprint, length, bitrate, format_id, submission_count)
                SELECT id, track_id, items::int[], length, bitrate, format_id, 0
                  FROM unnest($1::int[], $2::int[], $3::text[], $4::int2[], $5::int2[], $6::int[])
                       AS r(id, track_id, items, length, bitrate, format_id)""")
                .execute(Tuple.from(new Object[] {ids, tracks, arrays, lengths, bitrates, formats})));
        await(connection.preparedQuery("""
                INSERT INTO fingerprint_data (fingerprint_id, fingerprint, simhash, simhash_key)
                SELECT id, data, cube::cube, key FROM unnest($1::int[], $2::bytea[], $3::text[], $4::int[]) AS r(id, data, cube, key)""")
                .execute(Tuple.of(ids, compressed, cubes, simhashes)));
    }

    void insertFingerprintSources(SqlConnection connection, List<SubmissionImporter.SourceRow> rows) {
        insertSources(connection, "INSERT INTO fingerprint_source (fingerprint_id, submission_id, source_id) ", rows);
    }

    void insertLinkSources(SqlConnection connection, TrackLink link, List<SubmissionImporter.SourceRow> rows) {
        insertSources(connection, link.source, rows);
    }

    private void insertSources(SqlConnection connection, String insert, List<SubmissionImporter.SourceRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        await(connection.preparedQuery(insert + "SELECT * FROM unnest($1::int[], $2::int[], $3::int[])")
                .execute(Tuple.of(rows.stream().map(SubmissionImporter.SourceRow::linkId).toArray(Integer[]::new),
                        rows.stream().map(r -> (int) r.submissionId()).toArray(Integer[]::new),
                        rows.stream().map(SubmissionImporter.SourceRow::sourceId).toArray(Integer[]::new))));
    }

    /**
     * Counts the submissions of each (track, value) pair, creating links that are new. Rows are
     * written in (track, value) order, so importers upserting overlapping links cannot deadlock.
     */
    Map<LinkKey, LinkRow> link(SqlConnection connection, TrackLink link, List<SubmissionImporter.LinkRequest> requests) {
        Map<LinkKey, Integer> counts = new java.util.TreeMap<>();
        for (SubmissionImporter.LinkRequest request : requests) {
            counts.merge(new LinkKey(request.trackId(), request.value()), 1, Integer::sum);
        }
        Integer[] tracks = counts.keySet().stream().map(LinkKey::trackId).toArray(Integer[]::new);
        Object[] values = link.uuidValues
                ? counts.keySet().stream().map(k -> (UUID) k.value()).toArray(UUID[]::new)
                : counts.keySet().stream().map(k -> (Integer) k.value()).toArray(Integer[]::new);
        Integer[] submissions = counts.values().toArray(Integer[]::new);
        Map<LinkKey, LinkRow> out = new HashMap<>();
        for (Row row : await(connection.preparedQuery(link.upsert).execute(Tuple.of(tracks, values, submissions)))) {
            Object value = link.uuidValues ? row.getUUID("value") : row.getInteger("value");
            out.put(new LinkKey(row.getInteger("track_id"), value), new LinkRow(row.getInteger("id"), row.getBoolean("inserted")));
        }
        return out;
    }

    /** Ids of these metadata rows by gid, created where new. */
    Map<UUID, Integer> metaIds(SqlConnection connection, List<NormalizedMeta> metas) {
        Map<UUID, NormalizedMeta> distinct = new java.util.TreeMap<>();
        metas.forEach(meta -> distinct.putIfAbsent(meta.gid(), meta));
        List<NormalizedMeta> rows = new ArrayList<>(distinct.values());
        // DO UPDATE (not DO NOTHING) so existing rows and rows a concurrent import just created are returned too
        Map<UUID, Integer> out = new HashMap<>();
        for (Row row : await(connection.preparedQuery("""
                INSERT INTO meta (track, artist, album, album_artist, track_no, disc_no, year, gid)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::uuid[])
                ON CONFLICT (gid) DO UPDATE SET gid = EXCLUDED.gid RETURNING id, gid""")
                .execute(Tuple.from(new Object[] {
                    rows.stream().map(NormalizedMeta::track).toArray(String[]::new),
                    rows.stream().map(NormalizedMeta::artist).toArray(String[]::new),
                    rows.stream().map(NormalizedMeta::album).toArray(String[]::new),
                    rows.stream().map(NormalizedMeta::albumArtist).toArray(String[]::new),
                    rows.stream().map(NormalizedMeta::trackNo).toArray(Integer[]::new),
                    rows.stream().map(NormalizedMeta::discNo).toArray(Integer[]::new),
                    rows.stream().map(NormalizedMeta::year).toArray(Integer[]::new),
                    rows.stream().map(NormalizedMeta::gid).toArray(UUID[]::new)})))) {
            out.put(row.getUUID("gid"), row.getInteger("id"));
        }
        return out;
    }

    /** Ids of these foreign ids (and their vendors), created where new. */
    Map<ForeignId, Integer> foreignIdIds(SqlConnection connection, List<ForeignId> foreignIds) {
        List<ForeignId> distinct = foreignIds.stream().distinct()
                .sorted(Comparator.comparing(ForeignId::vendor).thenComparing(ForeignId::name)).toList();
        Map<ForeignId, Integer> out = new HashMap<>();
        for (Row row : await(connection.preparedQuery("""
                WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) AS i(vendor, name)),
                vendor AS (
                    INSERT INTO foreignid_vendor (name) SELECT DISTINCT vendor FROM input ORDER BY vendor
                    ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, name)
                INSERT INTO foreignid (vendor_id, name)
                SELECT vendor.id, input.name FROM input JOIN vendor ON vendor.name = input.vendor
                ON CONFLICT (vendor_id, name) DO UPDATE SET name = EXCLUDED.name
                RETURNING id, name, (SELECT name FROM vendor WHERE vendor.id = foreignid.vendor_id) AS vendor""")
                .execute(Tuple.of(distinct.stream().map(ForeignId::vendor).toArray(String[]::new),
                        distinct.stream().map(ForeignId::name).toArray(String[]::new))))) {
            out.put(new ForeignId(row.getString("vendor"), row.getString("name")), row.getInteger("id"));
        }
        return out;
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

    private static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }

    /** A track link row and whether this statement created it. */
    record LinkRow(int id, boolean inserted) {
    }

    /** A (track, value) pair of a link table, ordered for deadlock-free upserts. */
    record LinkKey(int trackId, Object value) implements Comparable<LinkKey> {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public int compareTo(LinkKey other) {
            int byTrack = Integer.compare(trackId, other.trackId);
            return byTrack != 0 ? byTrack : ((Comparable) value).compareTo(other.value);
        }
    }

    /** The four kinds of link a submission adds to its track, with their provenance tables. */
    enum TrackLink {
        MBID("track_mbid", "mbid", "uuid", "track_mbid_source", "track_mbid_id"),
        PUID("track_puid", "puid", "uuid", "track_puid_source", "track_puid_id"),
        META("track_meta", "meta_id", "int", "track_meta_source", "track_meta_id"),
        FOREIGN_ID("track_foreignid", "foreignid_id", "int", "track_foreignid_source", "track_foreignid_id");

        final String upsert;
        final String source;
        final boolean uuidValues;

        TrackLink(String table, String column, String type, String sourceTable, String sourceColumn) {
            this.uuidValues = type.equals("uuid");
            // xmax is 0 only on a freshly inserted row version: tells a new link from a counted one
            this.upsert = "INSERT INTO " + table + " (track_id, " + column + ", submission_count) "
                    + "SELECT * FROM unnest($1::int[], $2::" + type + "[], $3::int[]) "
                    + "ON CONFLICT (track_id, " + column + ") DO UPDATE SET submission_count = " + table
                    + ".submission_count + EXCLUDED.submission_count "
                    + "RETURNING id, track_id, " + column + " AS value, (xmax = 0) AS inserted";
            this.source = "INSERT INTO " + sourceTable + " (" + sourceColumn + ", submission_id, source_id) ";
        }
    }
}
