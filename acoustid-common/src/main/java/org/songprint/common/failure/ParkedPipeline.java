package org.songprint.common.failure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The parked records of one pipeline (a consumer of one topic): parks them, lists them, and replays
 * them through the consumer's own processing once their cause is fixed. Counts them as metrics:
 * {@code songprint_parked_total{pipeline}} (parked by this replica) and
 * {@code songprint_parked_records{pipeline}} (parked now, in the database, read at most every 15 s).
 */
public class ParkedPipeline implements Parking {

    private static final Logger LOG = Logger.getLogger(ParkedPipeline.class);
    private static final long GAUGE_REFRESH_NANOS = 15_000_000_000L;

    private final String name;
    private final ParkedRecords records;
    private final Function<ConsumerRecord<String, byte[]>, Uni<?>> process;
    private final Counter parkedCounter;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long parkedNow = -1;
    private volatile long countedAt;
    private volatile boolean stale = true;

    /**
     * @param process what the consumer does with one record; a replay succeeds when its Uni does
     */
    public ParkedPipeline(String name, ParkedRecords records, MeterRegistry registry,
            Function<ConsumerRecord<String, byte[]>, Uni<?>> process) {
        this.name = name;
        this.records = records;
        this.process = process;
        this.parkedCounter = Counter.builder("songprint.parked").tag("pipeline", name)
                .description("records this replica parked after failed tries (list and replay: docs/operations.md)")
                .register(registry);
        Gauge.builder("songprint.parked.records", this, ParkedPipeline::parkedNow).tag("pipeline", name)
                .description("records parked in the database, waiting for a replay").register(registry);
    }

    public String name() {
        return name;
    }

    @Override
    public Uni<Void> park(ConsumerRecord<String, byte[]> record, String reason, int attempts) {
        return records.park(name, record, reason, attempts).invoke(fresh -> {
            if (fresh) {
                parkedCounter.increment();
                stale = true; // the gauge reads the table again at its next scrape
                LOG.errorf("%s: parked %s-%d@%d after %d tries: %s", name, record.topic(), record.partition(),
                        record.offset(), attempts, reason);
            }
        }).replaceWithVoid();
    }

    public Uni<List<ParkedRecord>> list(int limit) {
        return records.list(name, List.of(), limit);
    }

    /**
     * Processes parked records again, oldest first (those of {@code ids}, or all, at most
     * {@code limit}): each one processed is released; one that fails again stays parked with its new
     * reason. An outage stops the replay with that failure (the rest stays parked, nothing is lost).
     */
    public Uni<Replayed> replay(List<Long> ids, int limit) {
        return records.list(name, ids, limit)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(this::replayOne)
                .collect().asList()
                .map(results -> {
                    int replayed = (int) results.stream().filter(Boolean::booleanValue).count();
                    if (!results.isEmpty()) {
                        stale = true;
                        LOG.infof("%s: replayed %d parked records, %d still parked", name, replayed,
                                results.size() - replayed);
                    }
                    return new Replayed(replayed, results.size() - replayed);
                });
    }

    private Uni<Boolean> replayOne(ParkedRecord parked) {
        return Uni.createFrom().deferred(() -> process.apply(parked.toConsumerRecord()))
                .onItem().transformToUni(done -> records.release(parked.id()).replaceWith(true))
                .onFailure(failure -> !Failures.isOutage(failure))
                .recoverWithUni(failure -> records.failedAgain(parked.id(), Failures.reason(failure)).replaceWith(false));
    }

    /** The gauge's value: the last count, refreshed in the background when it is older than 15 s. */
    private double parkedNow() {
        if ((stale || System.nanoTime() - countedAt > GAUGE_REFRESH_NANOS) && refreshing.compareAndSet(false, true)) {
            stale = false;
            long started = System.nanoTime();
            records.count(name).subscribe().with(count -> {
                parkedNow = count;
                countedAt = started;
                refreshing.set(false);
            }, failure -> {
                stale = true; // the database is away: keep the last value, ask again next time
                refreshing.set(false);
            });
        }
        return parkedNow < 0 ? Double.NaN : parkedNow;
    }

    /** What a replay did: records processed (and released), and records that failed again (still parked). */
    public record Replayed(int replayed, int stillParked) {
    }
}
