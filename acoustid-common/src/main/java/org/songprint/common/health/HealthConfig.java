package org.songprint.common.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The readiness checks' settings ({@code songprint.health.*}). */
@ConfigMapping(prefix = "songprint.health")
public interface HealthConfig {

    /**
     * How long {@link KafkaReadinessCheck} waits for the broker to describe the cluster, in milliseconds
     * (default 3000); the probe answers within this plus half a second.
     */
    @WithDefault("3000")
    int kafkaTimeoutMs();
}
