package org.songprint.account.stats;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.songprint.common.event.LookupEvent;

/**
 * Consumes the {@code lookups} topic (each event the counts of one fingerprint-service replica
 * over a second or so) in batches; the offsets are committed after the batch's
 * transaction, and the transaction skips events it has seen, so a crash between the two counts
 * nothing twice.
 */
@ApplicationScoped
public class LookupStatsConsumer {

    private static final Logger LOG = Logger.getLogger(LookupStatsConsumer.class);

    private final LookupStatsRepository repository;

    public LookupStatsConsumer(LookupStatsRepository repository) {
        this.repository = repository;
    }

    @Incoming("lookups")
    public Uni<Void> onBatch(List<LookupEvent> batch) {
        // schema 1 events (one per lookup, before the counts were batched) carry no tallies: skipped
        List<LookupEvent> events = batch.stream().filter(Objects::nonNull)
                .filter(event -> event.eventId() != null && event.tallies() != null).toList();
        return repository.apply(events)
                .invoke(fresh -> LOG.debugf("lookup statistics: %d events, %d new", events.size(), fresh))
                .replaceWithVoid();
    }
}
