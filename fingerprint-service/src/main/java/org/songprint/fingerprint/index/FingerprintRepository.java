package org.songprint.fingerprint.index;

import org.songprint.common.chromaprint.FingerprintArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Reads fingerprints for the index. */
@ApplicationScoped
public class FingerprintRepository {

    private final Pool client;

    public FingerprintRepository(Pool client) {
        this.client = client;
    }

    /** The next {@code limit} fingerprints with an id above {@code afterId}, by id. */
    public Uni<List<IndexedFingerprint>> after(long afterId, int limit) {
        return client.preparedQuery("SELECT id, length, fingerprint FROM fingerprint WHERE id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of((int) afterId, limit))
                .map(rows -> {
                    List<IndexedFingerprint> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new IndexedFingerprint(row.getInteger("id"), row.getInteger("length"),
                                FingerprintArrays.unbox(row.getArrayOfIntegers("fingerprint"))));
                    }
                    return out;
                });
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
