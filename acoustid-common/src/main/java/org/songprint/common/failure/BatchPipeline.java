package org.songprint.common.failure;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * The pipeline of a consumer that writes each polled batch to its service's database: every record
 * is read into an item (or nothing to do), and the batch's items are written in one transaction that
 * skips what it has written before, so a redelivered batch changes nothing. Failures are handled by
 * {@link BoundedTries}: an outage is waited out; a record that cannot be read or written is parked in
 * {@code parked_record} under the pipeline's name, where {@link #parked()} lists and replays it.
 *
 * @param <E> what a record is read into
 */
public final class BatchPipeline<E> {

    private static final Logger LOG = Logger.getLogger(BatchPipeline.class);

    private final String name;
    private final Function<ConsumerRecord<String, byte[]>, E> read;
    private final Function<List<E>, Uni<Integer>> write;
    private final ParkedPipeline parked;
    private final BoundedTries tries;

    /**
     * @param read the record's item, null when the record needs no write (it is still committed);
     *        throws for an unreadable record
     * @param write one idempotent transaction; answers how many items were new
     */
    public BatchPipeline(String name, Pool pool, MeterRegistry registry, int maxTries,
            Function<ConsumerRecord<String, byte[]>, E> read, Function<List<E>, Uni<Integer>> write) {
        this.name = name;
        this.read = read;
        this.write = write;
        this.parked = new ParkedPipeline(name, new ParkedRecords(pool), registry, record -> process(List.of(record)));
        this.tries = new BoundedTries(name, parked, maxTries);
    }

    /** Processes a batch as the channel hands it over; the Uni ends once each record is written or parked. */
    public Uni<Void> apply(ConsumerRecords<String, byte[]> batch) {
        return tries.apply(batch, this::process);
    }

    public ParkedPipeline parked() {
        return parked;
    }

    /** The records' items in one transaction; an unreadable record fails it (and is parked on its own). */
    private Uni<Integer> process(List<ConsumerRecord<String, byte[]>> records) {
        List<E> items = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            E item = read.apply(record);
            if (item != null) {
                items.add(item);
            }
        }
        return write.apply(items)
                .invoke(written -> LOG.debugf("%s: %d records, %d items, %d new", name, records.size(), items.size(),
                        written));
    }
}
