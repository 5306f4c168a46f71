package org.songprint.fingerprint.housekeeping;

import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Scheduled upkeep of the fingerprint database: deletes metadata rows no track links to any more
 * (left behind by merges and moderation), in chunks, and refreshes the {@code track_stats}
 * materialized view without blocking its readers.
 */
@ApplicationScoped
public class CatalogueHousekeeping {

    private static final Logger LOG = Logger.getLogger(CatalogueHousekeeping.class);

    private final Pool client;
    private final int chunk;

    public CatalogueHousekeeping(Pool client, HousekeepingConfig config) {
        this.client = client;
        this.chunk = config.chunk();
    }

    @Scheduled(every = "${songprint.housekeeping.every:1h}", delayed = "${songprint.housekeeping.delay:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        long orphans = deleteOrphanedMeta();
        refreshTrackStats();
        LOG.infof("housekeeping: %d orphaned meta rows deleted, track_stats refreshed", orphans);
    }

    /** Deletes meta rows without a track_meta link; returns how many. */
    public long deleteOrphanedMeta() {
        long total = 0;
        int deleted;
        do {
            deleted = client.preparedQuery("""
                    DELETE FROM meta WHERE id IN (
                        SELECT m.id FROM meta m
                         WHERE NOT EXISTS (SELECT 1 FROM track_meta tm WHERE tm.meta_id = m.id)
                         LIMIT $1)""")
                    .execute(Tuple.of(chunk)).await().atMost(Duration.ofMinutes(5)).rowCount();
            total += deleted;
        } while (deleted == chunk);
        return total;
    }

    /** Recomputes track_stats; CONCURRENTLY keeps it readable meanwhile (it has the unique index this needs). */
    public void refreshTrackStats() {
        client.query("REFRESH MATERIALIZED VIEW CONCURRENTLY track_stats").execute().await().atMost(Duration.ofMinutes(30));
    }
}
