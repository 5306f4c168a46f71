package org.songprint.common.failure;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Processes a consumer's batch so that no record can stall the pipeline, and nothing is lost:
 *
 * <ul>
 * <li>an outage (see {@link Failures#isOutage}) is waited out with back-off, for as long as it
 * lasts, and never counts as a try;</li>
 * <li>any other failure is a try; after {@code maxTries} the batch is processed record by record,
 * and a record that fails on its own is parked with the reason, while the others are processed.</li>
 * </ul>
 *
 * The returned Uni fails only if parking itself fails for another reason than an outage, so a
 * channel's offsets move past a batch only once each of its records is processed or parked. The
 * processing step must be one transaction (all or nothing) and idempotent: a batch is applied again
 * after a failure, and a record again after its batch failed.
 */
public class BoundedTries {

    private static final Logger LOG = Logger.getLogger(BoundedTries.class);

    private final String pipeline;
    private final Parking parking;
    private final int maxTries;
    private final Duration tryBackoff;
    private final Duration outageBackoff;
    private final Duration maxOutageBackoff;

    public BoundedTries(String pipeline, Parking parking, int maxTries) {
        this(pipeline, parking, maxTries, Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    public BoundedTries(String pipeline, Parking parking, int maxTries, Duration tryBackoff, Duration outageBackoff,
            Duration maxOutageBackoff) {
        if (maxTries < 1) {
            throw new IllegalArgumentException("max tries must be at least 1");
        }
        this.pipeline = pipeline;
        this.parking = parking;
        this.maxTries = maxTries;
        this.tryBackoff = tryBackoff;
        this.outageBackoff = outageBackoff;
        this.maxOutageBackoff = maxOutageBackoff;
    }

    /** A polled batch as a SmallRye batch channel hands it over, processed as {@link #apply(List, Function)}. */
    public Uni<Void> apply(ConsumerRecords<String, byte[]> batch,
            Function<List<ConsumerRecord<String, byte[]>>, Uni<?>> step) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        return apply(records, step);
    }

    /** Processes the records with {@code step} (called again for each retry), parking what cannot be processed. */
    public Uni<Void> apply(List<ConsumerRecord<String, byte[]>> records,
            Function<List<ConsumerRecord<String, byte[]>>, Uni<?>> step) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tryBatch(records, step, 1);
    }

    private Uni<Void> tryBatch(List<ConsumerRecord<String, byte[]>> records,
            Function<List<ConsumerRecord<String, byte[]>>, Uni<?>> step, int attempt) {
        return waitingOutOutages(records, step).onFailure().recoverWithUni(failure -> {
            if (attempt < maxTries) {
                LOG.warnf("%s: %d records failed (try %d of %d), trying again: %s", pipeline, records.size(), attempt,
                        maxTries, Failures.reason(failure));
                return Uni.createFrom().voidItem().onItem().delayIt().by(tryBackoff.multipliedBy(attempt))
                        .chain(() -> tryBatch(records, step, attempt + 1));
            }
            if (records.size() == 1) {
                return park(records.get(0), failure, attempt);
            }
            LOG.warnf("%s: %d records failed %d times (%s); processing them one by one", pipeline, records.size(),
                    attempt, Failures.reason(failure));
            return Multi.createFrom().iterable(records)
                    .onItem().transformToUniAndConcatenate(record -> waitingOutOutages(List.of(record), step)
                            .onFailure().recoverWithUni(alone -> park(record, alone, attempt + 1)))
                    .collect().last().replaceWithVoid();
        });
    }

    /** The step, repeated with back-off while it fails for an outage; other failures come out. */
    private Uni<Void> waitingOutOutages(List<ConsumerRecord<String, byte[]>> records,
            Function<List<ConsumerRecord<String, byte[]>>, Uni<?>> step) {
        return Uni.createFrom().deferred(() -> step.apply(records)).replaceWithVoid()
                .onFailure(Failures::isOutage).invoke(outage -> LOG.warnf("%s: waiting out an outage: %s", pipeline,
                        Failures.reason(outage)))
                .onFailure(Failures::isOutage).retry().withBackOff(outageBackoff, maxOutageBackoff).indefinitely();
    }

    private Uni<Void> park(ConsumerRecord<String, byte[]> record, Throwable failure, int attempts) {
        return Uni.createFrom().deferred(() -> parking.park(record, Failures.reason(failure), attempts))
                .onFailure(Failures::isOutage).retry().withBackOff(outageBackoff, maxOutageBackoff).indefinitely()
                .onFailure().invoke(cannot -> LOG.errorf(cannot, "%s: cannot park %s-%d@%d; the pipeline stops here",
                        pipeline, record.topic(), record.partition(), record.offset()));
    }
}
