package org.songprint.account.stats;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts over time as the pages chart them: an application's lookups from {@code stats_lookups}, per
 * hour or per (UTC) day, and the daily totals of the {@code stats} table (AcoustID's names:
 * {@code lookup.hit}, {@code lookup.miss}, {@code submission.all}).
 */
@ApplicationScoped
public class StatsHistoryRepository {

    private final Pool client;

    public StatsHistoryRepository(Pool client) {
        this.client = client;
    }

    /** Hits and misses per hour from {@code from} (inclusive), keyed by the hour's start. */
    public Uni<Map<Instant, LookupCounts>> hourly(int applicationId, Instant from) {
        return client.preparedQuery("""
                SELECT hour AS start, count_hits AS hits, count_misses AS misses FROM stats_lookups
                WHERE application_id = $1 AND hour >= $2""")
                .execute(Tuple.of(applicationId, from.atOffset(ZoneOffset.UTC)))
                .map(StatsHistoryRepository::byStart);
    }

    /** Hits and misses per UTC day from {@code from} (inclusive), keyed by the day's start. */
    public Uni<Map<Instant, LookupCounts>> daily(int applicationId, Instant from) {
        return client.preparedQuery("""
                SELECT date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start,
                       sum(count_hits) AS hits, sum(count_misses) AS misses
                FROM stats_lookups WHERE application_id = $1 AND hour >= $2 GROUP BY 1""")
                .execute(Tuple.of(applicationId, from.atOffset(ZoneOffset.UTC)))
                .map(StatsHistoryRepository::byStart);
    }

    /** Each day's value of {@code name} from {@code from} (inclusive). */
    public Uni<Map<LocalDate, Long>> since(String name, LocalDate from) {
        return client.preparedQuery("SELECT date, value FROM stats WHERE name = $1 AND date >= $2")
                .execute(Tuple.of(name, from))
                .map(rows -> {
                    Map<LocalDate, Long> days = new HashMap<>();
                    for (Row row : rows) {
                        days.put(row.getLocalDate("date"), row.getLong("value"));
                    }
                    return days;
                });
    }

    /** The sum of {@code name} over every day kept. */
    public Uni<Long> total(String name) {
        return client.preparedQuery("SELECT COALESCE(sum(value), 0) AS total FROM stats WHERE name = $1")
                .execute(Tuple.of(name)).map(rows -> rows.iterator().next().getLong("total"));
    }

    private static Map<Instant, LookupCounts> byStart(Iterable<Row> rows) {
        Map<Instant, LookupCounts> counts = new HashMap<>();
        for (Row row : rows) {
            Instant start = row.getOffsetDateTime("start").toInstant();
            counts.put(start, new LookupCounts(start, row.getLong("hits"), row.getLong("misses")));
        }
        return counts;
    }
}
