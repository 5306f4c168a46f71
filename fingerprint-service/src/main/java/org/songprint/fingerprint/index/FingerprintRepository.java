package org.songprint.fingerprint.index;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.songprint.common.chromaprint.FingerprintArrays;

/** Reads fingerprints and their ids for the index. */
@ApplicationScoped
public class FingerprintRepository {

    private final Pool client;

    // read by position in fingerprints(): id, length, then the items in PostgreSQL's binary array form,
    // read without boxing each (a build reads every fingerprint)
    private static final String COLUMNS = "id, length, array_send(fingerprint) AS items";

    public FingerprintRepository(Pool client) {
        this.client = client;
    }

    /** The next {@code limit} fingerprints with an id above {@code afterId}, by id. */
    public Uni<List<IndexedFingerprint>> after(long afterId, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM fingerprint WHERE id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of((int) afterId, limit))
                .map(FingerprintRepository::fingerprints);
    }

    /** Fingerprints by id (those that exist), in no particular order. */
    public Uni<List<IndexedFingerprint>> byIds(long[] ids) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM fingerprint WHERE id = ANY($1::int8[])")
                .execute(Tuple.of(boxed(ids)))
                .map(FingerprintRepository::fingerprints);
    }

    /** Which of {@code ids} are in the database, ascending. */
    public Uni<long[]> existing(long[] ids) {
        return ids("SELECT id FROM fingerprint WHERE id = ANY($1::int8[]) ORDER BY id", Tuple.of(boxed(ids)));
    }

    /** The ids in [from, to), ascending: read from the primary key alone. */
    public Uni<long[]> idsBetween(long from, long to) {
        return ids("SELECT id FROM fingerprint WHERE id >= $1::int8 AND id < $2::int8 ORDER BY id", Tuple.of(from, to));
    }

    /** The next {@code limit} ids above {@code afterId}, ascending. */
    public Uni<long[]> idsAbove(long afterId, int limit) {
        return ids("SELECT id FROM fingerprint WHERE id > $1::int8 ORDER BY id LIMIT $2", Tuple.of(afterId, limit));
    }

    /**
     * Per range of {@code 2^IdRanges.SHIFT} ids: how many rows, the sum of their ids and of their mixed
     * values ({@link IdRanges#mix}). One pass over the primary key (~0.3 s per million rows).
     */
    public Uni<List<IdRanges.Summary>> rangeSummaries() {
        return client.query("SELECT id >> " + IdRanges.SHIFT + " AS r, count(*) AS n, sum(id) AS s, "
                        + "sum((id::int8 * " + IdRanges.MIX_FACTOR + ") % " + IdRanges.MIX_MODULUS + ")::int8 AS m "
                        + "FROM fingerprint GROUP BY 1 ORDER BY 1")
                .execute()
                .map(rows -> {
                    List<IdRanges.Summary> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new IdRanges.Summary(row.getLong("r"), row.getLong("n"), row.getLong("s"), row.getLong("m")));
                    }
                    return out;
                });
    }

    /**
     * The highest id, then the server's clock, and the start of the oldest transaction open in this
     * database (client sessions other than this one). The clock is read after the highest id: the
     * outer query projects once the aggregate below it is done.
     */
    public Uni<DatabaseMark> mark() {
        return client.query("""
                SELECT m.max_id, clock_timestamp() AS at,
                       (SELECT min(xact_start) FROM pg_stat_activity
                         WHERE datname = current_database() AND backend_type = 'client backend'
                           AND pid <> pg_backend_pid()) AS oldest,
                       (SELECT max(imported) FROM catalogue_import) AS last_import
                  FROM (SELECT COALESCE(max(id), 0)::int8 AS max_id FROM fingerprint) m""")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new DatabaseMark(row.getLong("max_id"), row.getOffsetDateTime("at"),
                            row.getOffsetDateTime("oldest"), row.getOffsetDateTime("last_import"));
                });
    }

    private Uni<long[]> ids(String sql, Tuple arguments) {
        return client.preparedQuery(sql).execute(arguments).map(rows -> {
            long[] out = new long[rows.size()];
            int i = 0;
            for (Row row : rows) {
                out[i++] = row.getLong(0);
            }
            return out;
        });
    }

    private static Long[] boxed(long[] ids) {
        return Arrays.stream(ids).boxed().toArray(Long[]::new);
    }

    // a build decodes every row on the event loop: columns by position (COLUMNS), items read from the client's buffer
    private static List<IndexedFingerprint> fingerprints(RowSet<Row> rows) {
        List<IndexedFingerprint> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ByteBuffer items = row.getBuffer(2).getDelegate().getByteBuf().nioBuffer();
            out.add(new IndexedFingerprint(row.getInteger(0), row.getInteger(1), FingerprintArrays.fromArraySend(items)));
        }
        return out;
    }

    /** The highest fingerprint id (0 for none) and an estimate of the row count. */
    public Uni<long[]> maxIdAndCount() {
        return client.query("SELECT COALESCE(max(id), 0) AS max_id, "
                        + "(SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relname = 'fingerprint') AS estimate "
                        + "FROM fingerprint")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new long[] {row.getLong("max_id"), row.getLong("estimate")};
                });
    }
}
