package org.songprint.account.stats;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The daily totals of the {@code stats} table (AcoustID's names: {@code lookup.hit},
 * {@code lookup.miss}, {@code submission.all}), written as the lookups and submissions are counted.
 */
@ApplicationScoped
public class DailyStatsRepository {

    private final Pool client;

    public DailyStatsRepository(Pool client) {
        this.client = client;
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
}
