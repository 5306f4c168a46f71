package org.songprint.common.catalogue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The catalogue's totals for the /stats page ({@code GET /internal/catalogue/stats}), as
 * fingerprint-service's scheduled count last wrote them: {@code latest} by AcoustID's names
 * ({@code track.all}, {@code fingerprint.all}, {@code mbid.all}, {@code track.<N>mbids} for N from 0
 * to 10, 10 meaning 10 or more) on {@code date} (null before the first count), and the main totals
 * of the last 30 days.
 */
public record CatalogueStats(LocalDate date, Map<String, Long> latest, List<Day> days) {

    public long latest(String name) {
        return latest == null ? 0 : latest.getOrDefault(name, 0L);
    }

    public record Day(LocalDate date, long tracks, long fingerprints, long mbids) {
    }
}
