package org.songprint.account.stats;

import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An application's lookup charts: the last 48 hours hour by hour, and the last 30 days day by day (UTC). */
@ApplicationScoped
public class ApplicationStats {

    static final int HOURS = 48;
    static final int DAYS = 30;

    private final StatsHistoryRepository repository;
    private final Clock clock = Clock.systemUTC();

    public ApplicationStats(StatsHistoryRepository repository) {
        this.repository = repository;
    }

    @TemplateData
    public record Charts(StatsChart hourly, StatsChart daily) {
    }

    public Uni<Charts> charts(int applicationId) {
        Instant now = clock.instant();
        Instant firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(HOURS - 1, ChronoUnit.HOURS);
        Instant firstDay = now.truncatedTo(ChronoUnit.DAYS).minus(DAYS - 1, ChronoUnit.DAYS);
        return repository.hourly(applicationId, firstHour).flatMap(hourly -> repository.daily(applicationId, firstDay)
                .map(daily -> new Charts(
                        StatsChart.draw("chart-hourly", "Lookups per hour, last 48 hours (UTC)",
                                series(hourly, firstHour, HOURS, ChronoUnit.HOURS), DateTimeFormatter.ofPattern("HH:00"), 6),
                        StatsChart.draw("chart-daily", "Lookups per day, last 30 days (UTC)",
                                series(daily, firstDay, DAYS, ChronoUnit.DAYS), DateTimeFormatter.ofPattern("MMM d"), 5))));
    }

    /** Every period of the range, with zero for the periods without lookups. */
    private static List<LookupCounts> series(Map<Instant, LookupCounts> counts, Instant first, int periods, ChronoUnit unit) {
        List<LookupCounts> series = new ArrayList<>(periods);
        for (int i = 0; i < periods; i++) {
            Instant start = first.plus(i, unit);
            series.add(counts.getOrDefault(start, new LookupCounts(start, 0, 0)));
        }
        return series;
    }
}
