package org.songprint.ingest.status;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.songprint.common.event.SubmissionResultEvent;

/** Import outcomes of submissions, as /v2/submission_status reports them. */
@ApplicationScoped
public class SubmissionResultRepository {

    private final Pool client;

    public SubmissionResultRepository(Pool client) {
        this.client = client;
    }

    /**
     * Records an outcome, marks the submission handled and drops its outbox row, in one transaction.
     * A result already recorded is kept as it is (redelivery); returns whether this call recorded it.
     */
    public Uni<Boolean> record(SubmissionResultEvent result) {
        boolean imported = result.status() == SubmissionResultEvent.Status.IMPORTED;
        return client.withTransaction(connection -> connection.preparedQuery("""
                        INSERT INTO submission_result (submission_id, track_id, track_gid, fingerprint_id, status, reason)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (submission_id) DO NOTHING""")
                .execute(Tuple.from(new Object[] {(int) result.submissionId(),
                        result.trackId() == null ? null : result.trackId().intValue(), result.trackGid(),
                        result.fingerprintId() == null ? null : result.fingerprintId().intValue(),
                        imported ? "imported" : "rejected", result.reason()}))
                .flatMap(inserted -> connection.preparedQuery("""
                                UPDATE submission SET handled = true, handled_at = now() WHERE id = $1 AND NOT handled""")
                        .execute(Tuple.of((int) result.submissionId()))
                        .flatMap(ignored -> connection.preparedQuery("DELETE FROM pending_submission WHERE submission_id = $1")
                                .execute(Tuple.of((int) result.submissionId())))
                        .map(ignored -> inserted.rowCount() == 1)));
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
