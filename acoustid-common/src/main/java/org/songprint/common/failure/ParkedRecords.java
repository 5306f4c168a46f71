package org.songprint.common.failure;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The {@code parked_record} table of a service's own database (same migration in every service that
 * consumes Kafka): one row per record a pipeline gave up on, unique per (pipeline, topic, partition,
 * offset), so parking a redelivered record again is a no-op.
 */
public class ParkedRecords {

    private static final String COLUMNS =
            "id, pipeline, topic, kafka_partition, kafka_offset, record_key, payload, reason, attempts, parked";

    private final Pool client;

    public ParkedRecords(Pool client) {
        this.client = client;
    }

    /** Parks the record; answers whether it was not parked already. */
    public Uni<Boolean> park(String pipeline, ConsumerRecord<String, byte[]> record, String reason, int attempts) {
        return client.preparedQuery("""
                INSERT INTO parked_record (pipeline, topic, kafka_partition, kafka_offset, record_key, payload, reason, attempts)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (pipeline, topic, kafka_partition, kafka_offset) DO NOTHING""")
                .execute(Tuple.from(new Object[] {pipeline, record.topic(), record.partition(), record.offset(),
                    record.key() == null ? null : record.key().replace('\u0000', '\uFFFD'),
                    // the core Buffer, as the client binds bytea parameters
                    record.value() == null ? null : Buffer.buffer(record.value()), Failures.clean(reason), attempts}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The pipeline's parked records, oldest first: those of {@code ids}, or all when it is empty; at most {@code limit}. */
    public Uni<List<ParkedRecord>> list(String pipeline, List<Long> ids, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + """
                 FROM parked_record
                WHERE pipeline = $1 AND (cardinality($2::bigint[]) = 0 OR id = ANY($2))
                ORDER BY id LIMIT $3""")
                .execute(Tuple.of(pipeline, ids.toArray(Long[]::new), limit))
                .map(rows -> {
                    List<ParkedRecord> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(parkedRecord(row));
                    }
                    return out;
                });
    }

    public Uni<Long> count(String pipeline) {
        return client.preparedQuery("SELECT count(*) AS n FROM parked_record WHERE pipeline = $1")
                .execute(Tuple.of(pipeline))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Forgets a parked record: it was processed after all. */
    public Uni<Void> release(long id) {
        return client.preparedQuery("DELETE FROM parked_record WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Records one more failed try of a parked record, and its latest reason. */
    public Uni<Void> failedAgain(long id, String reason) {
        return client.preparedQuery("UPDATE parked_record SET attempts = attempts + 1, reason = $2 WHERE id = $1")
                .execute(Tuple.of(id, Failures.clean(reason)))
                .map(SqlResult::rowCount)
                .replaceWithVoid();
    }

    private static ParkedRecord parkedRecord(Row row) {
        io.vertx.mutiny.core.buffer.Buffer payload = row.getBuffer("payload");
        return new ParkedRecord(row.getLong("id"), row.getString("pipeline"), row.getString("topic"),
                row.getInteger("kafka_partition"), row.getLong("kafka_offset"), row.getString("record_key"),
                payload == null ? null : payload.getBytes(), row.getString("reason"), row.getInteger("attempts"),
                row.getOffsetDateTime("parked").toInstant());
    }
}
