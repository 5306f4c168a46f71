package org.songprint.fingerprint.importer;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.ClusterSecret;

/** Pausing and resuming the importer for operators; the answer names its state once it holds. */
@ApplicationScoped
public class ImporterControl {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final SubmissionConsumer consumer;
    private final ClusterSecret secret;

    public ImporterControl(SubmissionConsumer consumer,
            @ConfigProperty(name = "songprint.admin.secret") Optional<String> secret) {
        this.consumer = consumer;
        this.secret = new ClusterSecret(secret.orElse(""));
    }

    /** Answers once the batch in hand is imported and no more are taken (or after 30 s, still pausing). */
    public Uni<Map<String, Object>> pause(ApiParams params) {
        secret.require(params);
        consumer.pause();
        return state(true);
    }

    public Uni<Map<String, Object>> resume(ApiParams params) {
        secret.require(params);
        consumer.resume();
        return state(false);
    }

    private Uni<Map<String, Object>> state(boolean paused) {
        // polls the importer thread's state every 50 ms; the answer reads it afresh at the end
        return Uni.createFrom().item(consumer::paused)
                .repeat().withDelay(Duration.ofMillis(50)).until(now -> now == paused)
                .collect().last()
                .ifNoItem().after(SETTLE).recoverWithItem(false)
                .map(ignored -> Map.of("importer", Map.of("paused", consumer.paused(), "imported", consumer.importedCount(),
                        "rejected", consumer.rejectedCount())));
    }
}
