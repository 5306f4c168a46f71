package org.songprint.fingerprint.index;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The index as Prometheus gauges: fingerprints, segments, highest fingerprint id indexed. */
@ApplicationScoped
public class IndexMetrics {

    void register(@Observes StartupEvent start, IndexLifecycle lifecycle, MeterRegistry registry) {
        Gauge.builder("songprint.index.fingerprints", lifecycle, l -> l.managed() == null ? Double.NaN : l.managed().size())
                .description("fingerprints in this replica's index").register(registry);
        Gauge.builder("songprint.index.segments", lifecycle, l -> l.managed() == null ? Double.NaN : l.managed().segmentCount())
                .description("Lucene segments of the index").register(registry);
        Gauge.builder("songprint.index.max.fingerprint.id", lifecycle, l -> l.managed() == null ? Double.NaN : l.managed().maxIndexedId())
                .description("the highest fingerprint id the index holds").register(registry);
    }
}
