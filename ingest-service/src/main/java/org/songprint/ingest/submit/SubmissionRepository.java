package org.songprint.ingest.submit;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.songprint.common.chromaprint.FingerprintArrays;
import org.songprint.common.event.SubmittedMeta;

/** Stores submissions together with their outbox rows, and reads them back for the relay and status. */
@ApplicationScoped
public class SubmissionRepository {

    private final Pool client;

    public SubmissionRepository(Pool client) {
        this.client = client;
    }

    /**
     * Inserts the submissions and one outbox row each in a single transaction, returning their ids in
     * order: either all of them are stored (and will be published) or none. The rows go to the
     * server as one pipelined batch, one round trip for the whole request instead of one per entry.
     */
    public Uni<List<Long>> insertAll(List<NewSubmission> submissions, int applicationId, String applicationVersion,
            int accountId) {
        if (submissions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Tuple> rows = new ArrayList<>(submissions.size());
        int[] lastFingerprint = null;
        Integer[] boxed = null;
        for (NewSubmission s : submissions) {
            // the rows of one entry (one per MBID) share its array: boxed once, not once per row
            if (s.fingerprint() != lastFingerprint) {
                lastFingerprint = s.fingerprint();
                boxed = FingerprintArrays.box(lastFingerprint);
            }
            rows.add(Tuple.tuple()
                    .addArrayOfInteger(boxed)
                    .addShort((short) s.length())
                    .addValue(s.bitrate() == null ? null : s.bitrate().shortValue())
                    .addString(s.format())
                    .addUUID(s.mbid())
                    .addUUID(s.puid())
                    .addString(s.foreignId())
                    .addValue(meta(s.meta()))
                    .addInteger(applicationId)
                    .addString(applicationVersion)
                    .addInteger(accountId));
        }
        return client.withTransaction(connection -> connection.preparedQuery("""
                WITH inserted AS (
                    INSERT INTO submission (fingerprint, length, bitrate, format, mbid, puid, foreignid, meta,
                                            application_id, application_version, account_id)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id)
                INSERT INTO pending_submission (submission_id) SELECT id FROM inserted RETURNING submission_id""")
                .executeBatch(rows)
                .map(result -> {
                    // one result per row, in order
                    List<Long> ids = new ArrayList<>(rows.size());
                    for (RowSet<Row> rowSet = result; rowSet != null; rowSet = rowSet.next()) {
                        ids.add(rowSet.iterator().next().getInteger("submission_id").longValue());
                    }
                    return ids;
                }));
    }

    private static JsonObject meta(SubmittedMeta meta) {
        if (meta == null) {
            return null;
        }
        JsonObject json = new JsonObject();
        putIfPresent(json, "track", meta.track());
        putIfPresent(json, "artist", meta.artist());
        putIfPresent(json, "album", meta.album());
        putIfPresent(json, "album_artist", meta.albumArtist());
        putIfPresent(json, "track_no", meta.trackNo());
        putIfPresent(json, "disc_no", meta.discNo());
        putIfPresent(json, "year", meta.year());
        return json;
    }

    private static void putIfPresent(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    static SubmittedMeta meta(JsonObject json) {
        if (json == null) {
            return null;
        }
        return new SubmittedMeta(json.getString("track"), json.getString("artist"), json.getString("album"),
                json.getString("album_artist"), json.getInteger("track_no"), json.getInteger("disc_no"), json.getInteger("year"));
    }

}
