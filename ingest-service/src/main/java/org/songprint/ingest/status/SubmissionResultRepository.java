package org.songprint.ingest.status;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.songprint.common.event.SubmissionResultEvent;

/** Import outcomes of submissions, as /v2/submission_status reports them. */
@ApplicationScoped
public class SubmissionResultRepository {

    private final Pool client;

    public SubmissionResultRepository(Pool client) {
        this.client = client;
    }

    /**
     * Records a batch of outcomes, marks their submissions handled and drops their outbox rows, in
     * one transaction of three statements. An outcome already recorded is kept as it is (redelivery);
     * one for a submission this database does not have (another environment's topic) is skipped.
     * Returns how many outcomes this call recorded.
     */
    public Uni<Integer> record(List<SubmissionResultEvent> results) {
        if (results.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = results.size();
        Integer[] ids = new Integer[n];
        Integer[] tracks = new Integer[n];
        UUID[] gids = new UUID[n];
        Integer[] fingerprints = new Integer[n];
        String[] statuses = new String[n];
        String[] reasons = new String[n];
        for (int i = 0; i < n; i++) {
            SubmissionResultEvent result = results.get(i);
            ids[i] = (int) result.submissionId();
            tracks[i] = result.trackId() == null ? null : result.trackId().intValue();
            gids[i] = result.trackGid();
            fingerprints[i] = result.fingerprintId() == null ? null : result.fingerprintId().intValue();
            statuses[i] = result.status() == SubmissionResultEvent.Status.IMPORTED ? "imported" : "rejected";
            reasons[i] = result.reason();
        }
        return client.withTransaction(connection -> connection.preparedQuery("""
                        INSERT INTO submission_result (submission_id, track_id, track_gid, fingerprint_id, status, reason)
                        SELECT r.* FROM unnest($1::int[], $2::int[], $3::uuid[], $4::int[], $5::text[], $6::text[])
                            AS r (submission_id, track_id, track_gid, fingerprint_id, status, reason)
                        WHERE EXISTS (SELECT 1 FROM submission s WHERE s.id = r.submission_id)
                        ON CONFLICT (submission_id) DO NOTHING""")
                .execute(Tuple.from(new Object[] {ids, tracks, gids, fingerprints, statuses, reasons}))
                .flatMap(inserted -> connection.preparedQuery("""
                                UPDATE submission SET handled = true, handled_at = now() WHERE id = ANY($1) AND NOT handled""")
                        .execute(Tuple.of(ids))
                        .flatMap(ignored -> connection.preparedQuery("DELETE FROM pending_submission WHERE submission_id = ANY($1)")
                                .execute(Tuple.of(ids)))
                        .map(ignored -> inserted.rowCount())));
    }

    /** id, status and track gid of each existing submission among {@code ids}, by id. */
    public Uni<RowSet<Row>> statuses(List<Integer> ids) {
        return client.preparedQuery("""
                SELECT s.id, r.status, r.track_gid FROM submission s
                LEFT JOIN submission_result r ON r.submission_id = s.id
                WHERE s.id = ANY($1) ORDER BY s.id""")
                .execute(Tuple.of(ids.toArray(Integer[]::new)));
    }
}
