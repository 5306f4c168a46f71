package org.songprint.fingerprint.stats;

import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Counts the catalogue into {@code catalogue_stats}, today's row of each total replaced: live tracks
 * (not merged, not disabled), fingerprints, distinct MBIDs with an enabled link, and live tracks by
 * their number of enabled MBID links. One statement, so the totals of a day agree with each other;
 * every replica may run it, and the last one's count stands. Runs on a worker thread (the scheduler's),
 * never on an event loop.
 */
@ApplicationScoped
public class CatalogueTotals {

    private static final Logger LOG = Logger.getLogger(CatalogueTotals.class);

    private static final String COUNT_SQL = """
            WITH per_track AS (
                SELECT t.id, count(tm.id) AS mbids
                FROM track t
                LEFT JOIN track_mbid tm ON tm.track_id = t.id AND NOT tm.disabled
                WHERE t.new_id IS NULL AND NOT t.disabled
                GROUP BY t.id),
            totals AS (
                SELECT 'track.all' AS name, count(*) AS value FROM per_track
                UNION ALL
                SELECT 'track.' || least(mbids, 10) || 'mbids', count(*) FROM per_track GROUP BY least(mbids, 10)
                UNION ALL
                SELECT 'fingerprint.all', count(*) FROM fingerprint
                UNION ALL
                SELECT 'mbid.all', count(DISTINCT mbid) FROM track_mbid WHERE NOT disabled),
            emptied AS ( -- a number of MBIDs no track has any more: its bucket is gone, not kept from earlier today
                DELETE FROM catalogue_stats WHERE date = current_date AND name NOT IN (SELECT name FROM totals))
            INSERT INTO catalogue_stats (name, date, value)
            SELECT name, current_date, value FROM totals
            ON CONFLICT (name, date) DO UPDATE SET value = EXCLUDED.value""";

    private final Pool client;

    public CatalogueTotals(Pool client) {
        this.client = client;
    }

    @Scheduled(every = "${songprint.catalogue-stats.every:10m}", delayed = "${songprint.catalogue-stats.delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            count();
        } catch (RuntimeException e) {
            LOG.warnf("catalogue totals not counted this time: %s", e.toString());
        }
    }

    /** Counts now; answers how many totals were written. */
    public int count() {
        long started = System.nanoTime();
        int written = client.query(COUNT_SQL).execute().await().atMost(Duration.ofMinutes(10)).rowCount();
        LOG.debugf("catalogue totals counted in %d ms", (System.nanoTime() - started) / 1_000_000);
        return written;
    }
}
