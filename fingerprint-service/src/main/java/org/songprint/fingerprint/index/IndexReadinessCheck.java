package org.songprint.fingerprint.index;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the index has caught up with the database; lookups before that would miss tracks. */
@Readiness
@ApplicationScoped
public class IndexReadinessCheck implements HealthCheck {

    private final IndexLifecycle lifecycle;

    public IndexReadinessCheck(IndexLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("Fingerprint index")
                .withData("fingerprints", lifecycle.managed().size())
                .withData("max_fingerprint_id", lifecycle.managed().maxIndexedId())
                .withData("segments", lifecycle.managed().segmentCount());
        if (lifecycle.loadError() != null) {
            builder.withData("error", lifecycle.loadError());
        }
        return builder.status(lifecycle.loaded()).build();
    }
}
