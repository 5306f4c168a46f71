package org.songprint.fingerprint.catalogue;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * The catalogue as its web pages show it. Each page is one query, and PostgreSQL writes the JSON of
 * the shared contract ({@code org.songprint.common.catalogue}) itself: a track page costs one round
 * trip however many links the track has. Every list is capped, so no track (a spammed one with
 * thousands of links) makes a page unbounded.
 */
@ApplicationScoped
public class CatalogueRepository {

    /** Rows per list on a page: the most submitted first. */
    static final int LIST_LIMIT = 500;

    // Vert.x caches prepared statements of at most 2,048 characters (preparedStatementCacheSqlLimit),
    // and a statement it does not cache is planned by PostgreSQL at every execution: ~2 ms of this
    // query's 2.3. So it is sent without its indentation, and its empty lists are null (the contract
    // reads them as empty), which keeps it under the limit (CatalogueRepositoryTest)
    static final String TRACK_SQL = compact("""
            SELECT json_build_object(
              'gid', t.gid, 'created', t.created, 'disabled', t.disabled, 'merged_into', m.gid,
              'fingerprints', (SELECT json_agg(json_build_object('id', f.id, 'length', f.length,
                  'created', f.created, 'sources', f.submission_count) ORDER BY f.id)
                FROM (SELECT id, length, created, submission_count FROM fingerprint WHERE track_id = t.id
                      ORDER BY id LIMIT $2) f),
              'recordings', (SELECT json_agg(json_build_object('mbid', tm.mbid, 'sources', tm.submission_count,
                  'disabled', tm.disabled, 'change', (SELECT json_build_object('account', c.account_id,
                      'disabled', c.disabled, 'created', c.created, 'note', c.note)
                    FROM track_mbid_change c WHERE c.track_mbid_id = tm.id ORDER BY c.id DESC LIMIT 1))
                  ORDER BY tm.disabled, tm.submission_count DESC, tm.mbid)
                FROM (SELECT id, mbid, submission_count, disabled FROM track_mbid WHERE track_id = t.id
                      ORDER BY disabled, submission_count DESC, mbid LIMIT $2) tm),
              'puids', (SELECT json_agg(json_build_object('puid', tp.puid, 'sources', tp.submission_count)
                  ORDER BY tp.submission_count DESC, tp.puid)
                FROM (SELECT puid, submission_count FROM track_puid WHERE track_id = t.id
                      ORDER BY submission_count DESC, puid LIMIT $2) tp),
              'foreign_ids', (SELECT json_agg(json_build_object('vendor', v.name, 'name', fi.name,
                  'sources', tf.submission_count) ORDER BY tf.submission_count DESC, v.name, fi.name)
                FROM (SELECT foreignid_id, submission_count FROM track_foreignid WHERE track_id = t.id
                      ORDER BY submission_count DESC, foreignid_id LIMIT $2) tf
                JOIN foreignid fi ON fi.id = tf.foreignid_id
                JOIN foreignid_vendor v ON v.id = fi.vendor_id),
              'metadata', (SELECT json_agg(json_build_object('title', me.track, 'artist', me.artist,
                  'album', me.album, 'sources', tm.submission_count) ORDER BY tm.submission_count DESC, me.id)
                FROM (SELECT meta_id, submission_count FROM track_meta WHERE track_id = t.id
                      ORDER BY submission_count DESC, meta_id LIMIT $2) tm
                JOIN meta me ON me.id = tm.meta_id))::text AS page
            FROM track t
            LEFT JOIN track m ON m.id = t.new_id
            WHERE t.gid = $1""");

    private static final String FINGERPRINT_SQL = """
            SELECT json_build_object('id', f.id, 'length', f.length, 'created', f.created,
              'sources', f.submission_count, 'track', COALESCE(m.gid, t.gid), 'items', f.fingerprint)::text AS page
            FROM fingerprint f
            JOIN track t ON t.id = f.track_id
            LEFT JOIN track m ON m.id = t.new_id
            WHERE f.id = $1""";

    // a merged track's links were moved to the track it was merged into; a link shows as disabled
    // when it or its track is
    private static final String RECORDING_SQL = """
            SELECT json_build_object('mbid', $1::uuid, 'tracks', json_agg(json_build_object(
              'track', l.gid, 'sources', l.submission_count, 'disabled', l.disabled)
              ORDER BY l.disabled, l.submission_count DESC, l.gid))::text AS page
            FROM (SELECT COALESCE(m.gid, t.gid) AS gid, tm.submission_count,
                         tm.disabled OR COALESCE(m.disabled, t.disabled) AS disabled
                  FROM track_mbid tm
                  JOIN track t ON t.id = tm.track_id
                  LEFT JOIN track m ON m.id = t.new_id
                  WHERE tm.mbid = $1
                  ORDER BY tm.submission_count DESC, tm.track_id LIMIT $2) l
            HAVING count(*) > 0""";

    // the latest day's totals, and the main totals of the last 30 days (catalogue_stats, CatalogueTotals)
    private static final String STATS_SQL = """
            WITH latest AS (SELECT max(date) AS date FROM catalogue_stats)
            SELECT json_build_object(
              'date', (SELECT date FROM latest),
              'latest', COALESCE((SELECT json_object_agg(s.name, s.value) FROM catalogue_stats s, latest
                                  WHERE s.date = latest.date), '{}'),
              'days', COALESCE((SELECT json_agg(json_build_object('date', d.date, 'tracks', d.tracks,
                  'fingerprints', d.fingerprints, 'mbids', d.mbids) ORDER BY d.date)
                FROM (SELECT date, max(value) FILTER (WHERE name = 'track.all') AS tracks,
                             max(value) FILTER (WHERE name = 'fingerprint.all') AS fingerprints,
                             max(value) FILTER (WHERE name = 'mbid.all') AS mbids
                      FROM catalogue_stats WHERE date > current_date - 30 GROUP BY date) d), '[]'))::text AS page""";

    private final Pool client;

    public CatalogueRepository(@ReactiveDataSource("read-api") Pool client) {
        this.client = client;
    }

    /** The JSON of {@code CatalogueTrack}, or empty for an unknown gid. */
    /** The statement as sent: runs of whitespace (indentation, line breaks) made one space. */
    static String compact(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }

    public Uni<Optional<String>> track(UUID gid) {
        return page(TRACK_SQL, Tuple.of(gid, LIST_LIMIT));
    }

    /** The JSON of {@code CatalogueFingerprint}, or empty for an unknown id. */
    public Uni<Optional<String>> fingerprint(int id) {
        return page(FINGERPRINT_SQL, Tuple.of(id));
    }

    /** The JSON of {@code CatalogueRecording}, or empty for an MBID no track is linked to. */
    public Uni<Optional<String>> recording(UUID mbid) {
        return page(RECORDING_SQL, Tuple.of(mbid, LIST_LIMIT));
    }

    /** The JSON of {@code CatalogueStats}: always an answer (empty totals before the first count). */
    public Uni<String> stats() {
        return client.query(STATS_SQL).execute().map(rows -> rows.iterator().next().getString("page"));
    }

    private Uni<Optional<String>> page(String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).map(CatalogueRepository::firstPage);
    }

    private static Optional<String> firstPage(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.ofNullable(rows.iterator().next().getString("page"));
    }
}
