package org.songprint.fingerprint.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The read API's queries run under a statement timeout: a slow one fails instead of holding a connection. */
@QuarkusTest
class ReadApiStatementTimeoutTest {

    @Inject
    @ReactiveDataSource("read-api")
    Pool readApi;

    @Test
    void aQueryPastTheTimeoutIsCancelled() {
        String timeout = readApi.query("SHOW statement_timeout").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
        assertThat(timeout).isEqualTo("5s");
        long start = System.nanoTime();
        assertThatThrownBy(() -> readApi.query("SELECT pg_sleep(30)").execute().await().atMost(Duration.ofSeconds(20)))
                .hasMessageContaining("statement timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
