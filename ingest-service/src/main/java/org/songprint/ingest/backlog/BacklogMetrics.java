package org.songprint.ingest.backlog;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * The backlog as Prometheus gauges ({@code songprint_backlog_*} at {@code /q/metrics}), measured
 * every 15 s off the request path. A lag Kafka could not report is NaN, not a stale number.
 */
@ApplicationScoped
public class BacklogMetrics {

    private static final Logger LOG = Logger.getLogger(BacklogMetrics.class);

    private final BacklogService service;
    private final AtomicReference<Backlog> last = new AtomicReference<>();

    public BacklogMetrics(BacklogService service, MeterRegistry registry) {
        this.service = service;
        Gauge.builder("songprint.backlog.outbox.unsent", last, b -> value(b.get(), Backlog::outboxUnsent))
                .description("submissions stored but not yet published to Kafka").register(registry);
        Gauge.builder("songprint.backlog.outbox.oldest.seconds", last, b -> value(b.get(), Backlog::oldestUnsentSeconds))
                .description("age of the oldest unpublished submission").register(registry);
        Gauge.builder("songprint.backlog.outbox.parked", last, b -> value(b.get(), Backlog::outboxParked))
                .description("submissions parked after failed tries to publish them (replay at /internal/backlog/replay)")
                .register(registry);
        Gauge.builder("songprint.backlog.pending", last, b -> value(b.get(), Backlog::pending))
                .description("submissions without an import outcome").register(registry);
        Gauge.builder("songprint.backlog.pending.oldest.seconds", last, b -> value(b.get(), Backlog::oldestPendingSeconds))
                .description("age of the oldest submission without an outcome").register(registry);
        Gauge.builder("songprint.backlog.importer.lag", last, b -> lag(b.get() == null ? null : b.get().importerLag()))
                .description("records of the submissions topic the importers have not committed").register(registry);
        Gauge.builder("songprint.backlog.results.lag", last, b -> lag(b.get() == null ? null : b.get().resultsLag()))
                .description("import outcomes not yet recorded").register(registry);
    }

    @Scheduled(every = "${songprint.backlog.measure-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            last.set(service.measure().await().atMost(Duration.ofSeconds(15)));
        } catch (RuntimeException e) {
            LOG.debugf("backlog not measured: %s", e.toString());
        }
    }

    private static double value(Backlog backlog, ToDoubleFunction<Backlog> field) {
        return backlog == null ? Double.NaN : field.applyAsDouble(backlog);
    }

    private static double lag(Long lag) {
        return lag == null ? Double.NaN : lag;
    }
}
