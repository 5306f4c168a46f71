package org.songprint.fingerprint.index;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * The safety net behind the {@code fingerprints} topic, once an index has caught up: rows that reach
 * the database without an event (a lost publish, a bulk load, an event whose offset was committed
 * before its upsert was durable) are found by polling.
 *
 * <p>Polling "ids above the highest indexed" misses rows: importers take ids from a sequence and
 * commit in any order, so a row below the highest id can still appear. A poll therefore reads the
 * ids above a <em>cursor</em> below which the database can no longer gain rows, and indexes those it
 * lacks. Each poll leaves a {@link DatabaseMark}; once every transaction open at a mark has ended,
 * no id up to that mark's highest id can appear any more, and the cursor moves there. Ids only, from
 * the primary key: usually the last few seconds of imports. Every {@code fullCheckEvery} the whole
 * id set is compared as well ({@link IndexReconciler#repair}), for writers this cannot see
 * (another database role's sessions are hidden in {@code pg_stat_activity}) and lost deletes, and
 * at once after a catalogue dump was imported (an incremental one deletes rows without events).
 */
public final class DatabaseFollower {

    static final long UNKNOWN = -1;
    private static final Logger LOG = Logger.getLogger(DatabaseFollower.class);
    // marks kept while a long transaction holds the cursor back; later ones are dropped (the
    // cursor then moves less far when it moves, which is safe)
    private static final int MAX_PENDING = 120;
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final ManagedFingerprintIndex index;
    private final FingerprintRepository repository;
    private final IndexReconciler reconciler;
    private final long fullCheckNanos;
    private final ArrayDeque<DatabaseMark> pending = new ArrayDeque<>();
    private long cursor;
    private long lastFullCheck = System.nanoTime();
    private boolean warnedHeldBack;
    private boolean importSeen;
    private OffsetDateTime lastImport;

    /**
     * @param cursor every id up to it is indexed and no more can appear, or {@link #UNKNOWN}
     * @param pendingMark a mark whose transactions had not all ended, or null
     */
    DatabaseFollower(ManagedFingerprintIndex index, FingerprintRepository repository, IndexReconciler reconciler,
            Duration fullCheckEvery, long cursor, DatabaseMark pendingMark) {
        this.index = index;
        this.repository = repository;
        this.reconciler = reconciler;
        this.fullCheckNanos = fullCheckEvery.toNanos();
        this.cursor = cursor;
        if (pendingMark != null) {
            pending.add(pendingMark);
        }
    }

    /** Ids up to here are indexed and final; {@link #UNKNOWN} until a mark settles. */
    long cursor() {
        return cursor;
    }

    /** One poll; returns how many fingerprints it indexed. */
    long poll() {
        DatabaseMark now = repository.mark().await().atMost(TIMEOUT);
        long settled = UNKNOWN;
        while (!pending.isEmpty() && now.settles(pending.peekFirst())) {
            settled = Math.max(settled, pending.pollFirst().maxId());
        }
        long indexed = 0;
        if (cursor != UNKNOWN) {
            // read after the marks settled: every id up to `settled` is committed and visible to it
            indexed = reconciler.fillAbove(index, cursor);
            cursor = Math.max(cursor, settled);
        } else if (settled != UNKNOWN) {
            indexed = reconciler.repair(index).missing().length;
            cursor = settled;
            lastFullCheck = System.nanoTime();
        }
        boolean imported = importSeen && !Objects.equals(now.lastImport(), lastImport);
        importSeen = true;
        lastImport = now.lastImport();
        boolean afterImport = imported && cursor != UNKNOWN;
        if (afterImport) {
            LOG.infof("fingerprint index: a catalogue dump was imported at %s; comparing the index with the database", lastImport);
        }
        if (afterImport || System.nanoTime() - lastFullCheck >= fullCheckNanos) {
            indexed += reconciler.repair(index).missing().length;
            lastFullCheck = System.nanoTime();
        }
        if (pending.size() < MAX_PENDING) {
            pending.addLast(now);
            warnedHeldBack = false;
        } else if (!warnedHeldBack) {
            LOG.warnf("fingerprint index: a database transaction open since %s holds the poll's cursor at id %d; "
                    + "each poll reads every id above it until it ends", now.oldestOpen(), cursor);
            warnedHeldBack = true;
        }
        if (indexed > 0) {
            LOG.infof("fingerprint index: %d fingerprints found in the database without an event", indexed);
        }
        return indexed;
    }
}
