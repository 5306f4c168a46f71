package org.songprint.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.songprint.common.event.KafkaClients;
import org.songprint.testsupport.LocalInfra;
import org.songprint.testsupport.NeedsInfrastructure;

@NeedsInfrastructure
class KafkaReadinessCheckTest {

    @Test
    void upAgainstTheRealBroker() {
        KafkaReadinessCheck check = new KafkaReadinessCheck(new KafkaClients(LocalInfra.kafkaBootstrap()), () -> 3000);
        try {
            HealthCheckResponse response = check.call();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(response.getData().orElseThrow()).containsEntry("nodes", 1L);
        } finally {
            check.close();
        }
    }

    @Test
    void downWithinTheTimeoutWhenNoBrokerAnswers() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaReadinessCheck check = new KafkaReadinessCheck(new KafkaClients("127.0.0.1:" + closedPort), () -> 1000);
        try {
            long start = System.nanoTime();
            HealthCheckResponse response = check.call();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(millis).isLessThan(5000);
        } finally {
            check.close();
        }
    }
}
