package org.songprint.fingerprint.metadata;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.songprint.common.metadata.v1.GetRecordingsRequest;
import org.songprint.common.metadata.v1.Include;
import org.songprint.common.metadata.v1.MutinyMetadataServiceGrpc;
import org.songprint.common.metadata.v1.Recording;

/**
 * Recordings from metadata-service, one gRPC call per lookup, bounded by a deadline. When
 * metadata-service is down, slow or failing, a lookup still answers, with ids only: the failure
 * is counted ({@code songprint.lookup.metadata{outcome=degraded}}) and logged at most once a minute.
 */
@ApplicationScoped
public class MetadataClient {

    private static final Logger LOG = Logger.getLogger(MetadataClient.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final MutinyMetadataServiceGrpc.MutinyMetadataServiceStub metadata;
    private final long timeoutMillis;
    private final MeterRegistry metrics;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public MetadataClient(@GrpcClient("metadata") MutinyMetadataServiceGrpc.MutinyMetadataServiceStub metadata,
            MetadataConfig config, MeterRegistry metrics) {
        this.metadata = metadata;
        this.timeoutMillis = config.timeout().toMillis();
        this.metrics = metrics;
    }

    /** The recordings metadata-service has, by requested MBID; empty when it cannot answer now. */
    public Uni<Map<UUID, Recording>> recordings(Collection<UUID> mbids, Set<Include> includes) {
        if (mbids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        GetRecordingsRequest.Builder request = GetRecordingsRequest.newBuilder().addAllIncludes(includes);
        mbids.forEach(mbid -> request.addMbids(mbid.toString()));
        return metadata.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                .getRecordings(request.build())
                .map(response -> {
                    Map<UUID, Recording> out = new HashMap<>();
                    for (Recording recording : response.getRecordingsList()) {
                        out.put(UUID.fromString(recording.getRequestedMbid()), recording);
                    }
                    metrics.counter("songprint.lookup.metadata", "outcome",
                            response.getUnavailableMbidsCount() == 0 ? "ok" : "partial").increment();
                    return out;
                })
                .onFailure().recoverWithItem(failure -> {
                    metrics.counter("songprint.lookup.metadata", "outcome", "degraded").increment();
                    long now = System.nanoTime();
                    long last = lastLogged.get();
                    if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
                        LOG.warnf("metadata-service unavailable, lookups answer with ids only: %s", failure.getMessage());
                    }
                    return Map.of();
                });
    }
}
