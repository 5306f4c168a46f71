package org.songprint.fingerprint.index;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The index as Prometheus meters: fingerprints, segments, highest fingerprint id indexed, whether
 * excerpt postings are ready and their size, and what
 * the comparisons with the database repaired and the log's replay dropped (each should stay at 0
 * outside crashes; a rise without one means events are being lost).
 */
@ApplicationScoped
public class IndexMetrics {

    void register(@Observes StartupEvent start, IndexLifecycle lifecycle, IndexReconciler reconciler, MeterRegistry registry) {
        Gauge.builder("songprint.index.fingerprints", lifecycle, l -> l.managed() == null ? Double.NaN : l.managed().size())
                .description("fingerprints in this replica's index").register(registry);
        Gauge.builder("songprint.index.segments", lifecycle, l -> l.managed() == null ? Double.NaN : l.managed().segmentCount())
                .description("Segments of the index").register(registry);
        Gauge.builder("songprint.index.max.fingerprint.id", lifecycle, l -> l.managed() == null ? Double.NaN : l.managed().maxIndexedId())
                .description("the highest fingerprint id the index holds").register(registry);
        Gauge.builder("songprint.index.excerpt.ready", lifecycle, l -> l.managed() == null ? Double.NaN
                        : l.managed().excerptsReady() ? 1 : 0)
                .description("1 once every segment has its excerpt postings (built in the background after a start, "
                        + "a flush or a bulk build), else 0")
                .register(registry);
        Gauge.builder("songprint.index.excerpt.bytes", lifecycle, l -> l.managed() == null ? Double.NaN : l.managed().excerptBytes())
                .description("heap bytes of the excerpt postings").baseUnit("bytes").register(registry);
        FunctionCounter.builder("songprint.index.repaired", reconciler, IndexReconciler::missingIndexed)
                .tag("kind", "missing")
                .description("fingerprints the index lacked, found by comparing it with the database and indexed")
                .register(registry);
        FunctionCounter.builder("songprint.index.repaired", reconciler, IndexReconciler::extraDeleted)
                .tag("kind", "extra")
                .description("fingerprints the index held without the database, found by comparing and deleted")
                .register(registry);
        FunctionCounter.builder("songprint.index.log.damaged", lifecycle,
                        l -> l.managed() == null ? 0 : l.managed().damagedLogRecords())
                .description("torn or corrupt fingerprint log records found at open (dropped with the log after them)")
                .register(registry);
    }
}
