package org.songprint.common.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.songprint.common.event.KafkaClients;

/**
 * Readiness of the Kafka broker, asked of the broker itself on every probe.
 *
 * <p>The messaging connector's own checks only report whether a client once connected; a stopped
 * broker would stay "UP" for minutes. Describing the cluster with a short timeout turns a lost broker
 * into DOWN within one probe, and the admin client reconnects by itself when the broker returns.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private final String bootstrapServers;
    private final int timeoutMs;
    private volatile Admin admin;

    public KafkaReadinessCheck(KafkaClients kafka, HealthConfig config) {
        this.bootstrapServers = kafka.bootstrapServers();
        this.timeoutMs = config.kafkaTimeoutMs();
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .nodes().get(timeoutMs + 500L, TimeUnit.MILLISECONDS).size();
            return HealthCheckResponse.named("Kafka broker").up()
                    .withData("bootstrap.servers", bootstrapServers).withData("nodes", nodes).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return HealthCheckResponse.named("Kafka broker").down()
                    .withData("bootstrap.servers", bootstrapServers)
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                current = admin;
                if (current == null) {
                    current = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            AdminClientConfig.CLIENT_ID_CONFIG, "readiness-check",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
                    admin = current;
                }
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(1));
        }
    }
}
