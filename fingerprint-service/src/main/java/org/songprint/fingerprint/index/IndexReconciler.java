package org.songprint.fingerprint.index;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.jboss.logging.Logger;

/**
 * Compares the ids an index holds with the database's, exactly, and repairs the difference: the
 * ids the index lacks are read and indexed, those the database no longer has are deleted. Ranges of
 * ids are compared by their summaries first ({@link IdRanges}), so only ranges that differ are
 * compared id by id. Every difference is checked again before it is acted on or reported, since
 * both sides change meanwhile: a fingerprint indexed since the ids were read is not missing, one
 * committed since is not extra.
 */
@ApplicationScoped
public class IndexReconciler {

    private static final Logger LOG = Logger.getLogger(IndexReconciler.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    // ids read per query where a poll looks above its cursor
    private static final int IDS_PER_QUERY = 50_000;

    private final FingerprintRepository repository;
    private final IndexConfig config;
    private final AtomicLong missingIndexed = new AtomicLong();
    private final AtomicLong extraDeleted = new AtomicLong();

    public IndexReconciler(FingerprintRepository repository, IndexConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** Fingerprints the index lacked and were read from the database since start. */
    public long missingIndexed() {
        return missingIndexed.get();
    }

    /** Fingerprints the index held without the database and were deleted since start. */
    public long extraDeleted() {
        return extraDeleted.get();
    }

    /** The index against the database, without changing anything. */
    public Reconciliation compare(ManagedFingerprintIndex index) {
        // the database first: what it held then, the index must hold afterwards
        Map<Long, IdRanges.Summary> database = IdRanges.byRange(await(repository.rangeSummaries()));
        long[] held = index.ids();
        List<Long> differing = IdRanges.differing(database, IdRanges.of(held));
        LongStream.Builder missingIds = LongStream.builder();
        LongStream.Builder extraIds = LongStream.builder();
        for (long range : differing) {
            long[] inDatabase = await(repository.idsBetween(IdRanges.start(range), IdRanges.end(range)));
            long[] inIndex = IdRanges.slice(held, IdRanges.start(range), IdRanges.end(range));
            LongStream.of(IdRanges.minus(inDatabase, inIndex)).forEach(missingIds);
            LongStream.of(IdRanges.minus(inIndex, inDatabase)).forEach(extraIds);
        }
        long[] missing = missingIds.build().filter(id -> !index.contains(id)).toArray();
        long[] extra = extraIds.build().toArray();
        if (extra.length > 0) {
            extra = LongStream.of(IdRanges.minus(extra, await(repository.existing(extra))))
                    .filter(index::contains).toArray();
        }
        long databaseCount = database.values().stream().mapToLong(IdRanges.Summary::count).sum();
        return new Reconciliation(databaseCount, held.length, database.size(), differing.size(), missing, extra);
    }

    /** Compares, then indexes what the index lacks and deletes what the database no longer has. */
    public Reconciliation repair(ManagedFingerprintIndex index) {
        Reconciliation found = compare(index);
        index(index, found.missing());
        for (long id : found.extra()) {
            index.delete(id);
        }
        extraDeleted.addAndGet(found.extra().length);
        if (!found.exact()) {
            LOG.warnf("fingerprint index: %d fingerprints were missing (now indexed from the database) and %d held "
                    + "without the database (now deleted); %d of %d id ranges differed%s", found.missing().length,
                    found.extra().length, found.differingRanges(), found.ranges(), sample(found));
        }
        return found;
    }

    /** Indexes the fingerprints with ids above {@code cursor} the index lacks; returns how many. */
    public long fillAbove(ManagedFingerprintIndex index, long cursor) {
        long filled = 0;
        long after = cursor;
        long[] ids;
        do {
            ids = await(repository.idsAbove(after, IDS_PER_QUERY));
            if (ids.length > 0) {
                after = ids[ids.length - 1];
            }
            long[] missing = LongStream.of(ids).filter(id -> !index.contains(id)).toArray();
            filled += index(index, missing);
        } while (ids.length == IDS_PER_QUERY);
        return filled;
    }

    // reads the fingerprints in batches and indexes them; returns how many the database still had
    private long index(ManagedFingerprintIndex index, long[] ids) {
        long indexed = 0;
        for (int from = 0; from < ids.length; from += config.loadBatchSize()) {
            long[] batch = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + config.loadBatchSize()));
            for (IndexedFingerprint fingerprint : await(repository.byIds(batch))) {
                index.upsert(fingerprint);
                indexed++;
            }
        }
        if (indexed > 0) {
            index.refresh();
            missingIndexed.addAndGet(indexed);
        }
        return indexed;
    }

    private static String sample(Reconciliation found) {
        long[] ids = LongStream.concat(LongStream.of(found.missing()), LongStream.of(found.extra())).limit(10).toArray();
        return " (first ids " + Arrays.toString(ids) + ")";
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
