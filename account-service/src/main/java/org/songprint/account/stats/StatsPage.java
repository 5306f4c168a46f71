package org.songprint.account.stats;

import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import org.songprint.common.catalogue.CatalogueStats;

/**
 * What /stats shows: the catalogue's totals (null when fingerprint-service could not be read), all
 * submissions counted, and the charts of lookups and submissions per day.
 */
@TemplateData
public record StatsPage(CatalogueStats catalogue, long submissions, StatsChart lookups, StatsChart submitted) {

    /** Live tracks with a number of MBID links ({@code label}; the last bucket is 10 or more), and their share. */
    @TemplateData
    public record MbidBucket(String label, long tracks, String percent) {
    }

    public long tracks() {
        return catalogue == null ? 0 : catalogue.latest("track.all");
    }

    public long fingerprints() {
        return catalogue == null ? 0 : catalogue.latest("fingerprint.all");
    }

    public long mbids() {
        return catalogue == null ? 0 : catalogue.latest("mbid.all");
    }

    public List<MbidBucket> tracksByMbids() {
        List<MbidBucket> buckets = new ArrayList<>();
        long all = Math.max(1, tracks());
        for (int n = 0; n <= 10; n++) {
            long count = catalogue == null ? 0 : catalogue.latest("track." + n + "mbids");
            buckets.add(new MbidBucket(n == 10 ? "10 or more" : Integer.toString(n), count,
                    String.format(java.util.Locale.ROOT, "%.1f %%", 100.0 * count / all)));
        }
        return buckets;
    }
}
