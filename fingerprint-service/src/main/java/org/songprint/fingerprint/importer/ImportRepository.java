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
import java.util.UUID;
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
     * Stored fingerprints whose SimHash equals {@code simhash} or differs from it in one bit:
     * candidates the index may not hold yet (written moments ago, possibly by another importer).
     * Read after the SimHash's lock is taken, so every import that held the lock before is visible.
     */
    List<TrackFingerprint> nearSimHash(SqlConnection connection, int simhash) {
        Integer[] keys = new Integer[33];
        keys[0] = simhash;
        for (int bit = 0; bit < 32; bit++) {
            keys[bit + 1] = simhash ^ (1 << bit);
        }
        // Materialised first: a generic plan for a length condition here once preferred scanning
        // every fingerprint of that length (400 ms at 13k rows) over the 33 key probes.
        RowSet<Row> rows = await(connection.preparedQuery("""
                WITH near AS MATERIALIZED (
                    SELECT fingerprint_id FROM fingerprint_data WHERE simhash_key = ANY($1) LIMIT 100)
                SELECT f.id, f.track_id, t.gid, f.length, f.fingerprint
                  FROM near
                  JOIN fingerprint f ON f.id = near.fingerprint_id
                  JOIN track t ON t.id = f.track_id
                 WHERE t.new_id IS NULL AND NOT t.disabled""")
                .execute(Tuple.of((Object) keys)));
        List<TrackFingerprint> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(trackFingerprint(row));
        }
        return out;
    }

    /** A new track with a random AcoustID; returns its id. */
    int createTrack(SqlConnection connection, UUID gid) {
        return await(connection.preparedQuery("INSERT INTO track (gid) VALUES ($1) RETURNING id")
                .execute(Tuple.of(gid))).iterator().next().getInteger("id");
    }

    /**
     * A new fingerprint with submission_count 0: its first fingerprint_source row (same transaction)
     * brings it to 1 through the schema's trigger.
     */
    int insertFingerprint(SqlConnection connection, int trackId, int[] hashes, int length, Integer bitrate,
            Integer formatId) {
        return await(connection.preparedQuery("""
                INSERT INTO fingerprint (track_id, fingerprint, length, bitrate, format_id, submission_count)
                VALUES ($1, $2, $3, $4, $5, 0) RETURNING id""")
                .execute(Tuple.from(new Object[] {trackId, FingerprintArrays.box(hashes), (short) length,
                        bitrate == null ? null : bitrate.shortValue(), formatId})))
                .iterator().next().getInteger("id");
    }

    void insertFingerprintData(SqlConnection connection, int fingerprintId, byte[] compressed, int simhash) {
        await(connection.preparedQuery("""
                INSERT INTO fingerprint_data (fingerprint_id, fingerprint, simhash, simhash_key)
                VALUES ($1, $2, $3::cube, $4)""")
                .execute(Tuple.of(fingerprintId, io.vertx.core.buffer.Buffer.buffer(compressed),
                        FingerprintSimHash.toCube(simhash), simhash)));
    }

    void insertFingerprintSource(SqlConnection connection, int fingerprintId, long submissionId, int sourceId) {
        await(connection.preparedQuery(
                "INSERT INTO fingerprint_source (fingerprint_id, submission_id, source_id) VALUES ($1, $2, $3)")
                .execute(Tuple.of(fingerprintId, (int) submissionId, sourceId)));
    }

    /** Counts one more submission of {@code value} for the track, creating the link if new. */
    LinkRow link(SqlConnection connection, TrackLink link, int trackId, Object value) {
        Row row = await(connection.preparedQuery(link.upsert).execute(Tuple.of(trackId, value))).iterator().next();
        return new LinkRow(row.getInteger("id"), row.getBoolean("inserted"));
    }

    void linkSource(SqlConnection connection, TrackLink link, int linkId, long submissionId, int sourceId) {
        await(connection.preparedQuery(link.source).execute(Tuple.of(linkId, (int) submissionId, sourceId)));
    }

    int metaId(SqlConnection connection, NormalizedMeta meta) {
        return await(connection.preparedQuery("""
                INSERT INTO meta (track, artist, album, album_artist, track_no, disc_no, year, gid)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (gid) DO UPDATE SET gid = EXCLUDED.gid RETURNING id""")
                .execute(Tuple.from(new Object[] {meta.track(), meta.artist(), meta.album(), meta.albumArtist(),
                        meta.trackNo(), meta.discNo(), meta.year(), meta.gid()})))
                .iterator().next().getInteger("id");
    }

    int foreignIdId(SqlConnection connection, String vendor, String name) {
        return await(connection.preparedQuery("""
                WITH vendor AS (
                    INSERT INTO foreignid_vendor (name) VALUES ($1)
                    ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id)
                INSERT INTO foreignid (vendor_id, name) SELECT id, $2 FROM vendor
                ON CONFLICT (vendor_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id""")
                .execute(Tuple.of(vendor, name))).iterator().next().getInteger("id");
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

    /** The four kinds of link a submission adds to its track, with their provenance tables. */
    enum TrackLink {
        MBID("track_mbid", "mbid", "track_mbid_source", "track_mbid_id"),
        PUID("track_puid", "puid", "track_puid_source", "track_puid_id"),
        META("track_meta", "meta_id", "track_meta_source", "track_meta_id"),
        FOREIGN_ID("track_foreignid", "foreignid_id", "track_foreignid_source", "track_foreignid_id");

        final String upsert;
        final String source;

        TrackLink(String table, String column, String sourceTable, String sourceColumn) {
            // xmax is 0 only on a freshly inserted row version: tells a new link from a counted one
            this.upsert = "INSERT INTO " + table + " (track_id, " + column + ") VALUES ($1, $2) "
                    + "ON CONFLICT (track_id, " + column + ") DO UPDATE SET submission_count = " + table
                    + ".submission_count + 1 RETURNING id, (xmax = 0) AS inserted";
            this.source = "INSERT INTO " + sourceTable + " (" + sourceColumn + ", submission_id, source_id) "
                    + "VALUES ($1, $2, $3)";
        }
    }
}
