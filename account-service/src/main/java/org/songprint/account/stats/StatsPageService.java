package org.songprint.account.stats;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.songprint.account.catalogue.CatalogueClient;
import org.songprint.account.catalogue.CatalogueUnavailableException;
import org.songprint.common.catalogue.CatalogueStats;

/**
 * Assembles /stats from what the services already counted: the catalogue's totals from
 * fingerprint-service (its scheduled count), lookups and submissions per day from this service's
 * {@code stats} table. Nothing is counted per request.
 */
@ApplicationScoped
public class StatsPageService {

    private static final Logger LOG = Logger.getLogger(StatsPageService.class);
    static final int DAYS = 30;

    private final CatalogueClient catalogue;
    private final StatsHistoryRepository daily;
    private final Clock clock = Clock.systemUTC();

    public StatsPageService(CatalogueClient catalogue, StatsHistoryRepository daily) {
        this.catalogue = catalogue;
        this.daily = daily;
    }

    public Uni<StatsPage> page() {
        LocalDate first = LocalDate.now(clock).minusDays(DAYS - 1);
        // the page still shows this service's own figures when fingerprint-service cannot be read
        Uni<Optional<CatalogueStats>> totals = catalogue.stats().onFailure(CatalogueUnavailableException.class)
                .recoverWithItem(e -> {
                    LOG.warnf("/stats without the catalogue's totals: %s", e.getMessage());
                    return Optional.empty();
                });
        return Uni.combine().all().unis(totals, daily.since("lookup.hit", first), daily.since("lookup.miss", first),
                daily.since("submission.all", first), daily.total("submission.all")).asTuple()
                .map(all -> new StatsPage(all.getItem1().orElse(null), all.getItem5(),
                        StatsChart.draw("chart-lookups", "Lookups per day, last 30 days (UTC)",
                                series(first, all.getItem2(), all.getItem3()), LABELS, 5),
                        StatsChart.draw("chart-submissions", "Submissions per day, last 30 days (UTC)",
                                series(first, all.getItem4(), Map.of()), LABELS, 5, "submissions", null)));
    }

    private static final DateTimeFormatter LABELS = DateTimeFormatter.ofPattern("MMM d");

    /** Every day of the range, zero where nothing was counted. */
    private static List<LookupCounts> series(LocalDate first, Map<LocalDate, Long> lower, Map<LocalDate, Long> upper) {
        List<LookupCounts> days = new ArrayList<>(DAYS);
        for (int i = 0; i < DAYS; i++) {
            LocalDate day = first.plusDays(i);
            days.add(new LookupCounts(day.atStartOfDay().toInstant(ZoneOffset.UTC), lower.getOrDefault(day, 0L),
                    upper.getOrDefault(day, 0L)));
        }
        return days;
    }
}
