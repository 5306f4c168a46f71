package org.songprint.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pages' pool runs every query under a statement timeout (a slow query fails its request, never the pool). */
@QuarkusTest
class StatementTimeoutTest {

    @Inject
    Pool pool;

    @Test
    void everyConnectionHasTheTimeout() {
        for (int i = 0; i < 3; i++) {
            String timeout = pool.query("SHOW statement_timeout").execute().await().atMost(Duration.ofSeconds(10))
                    .iterator().next().getString(0);
            assertThat(timeout).isEqualTo("15s");
        }
    }
}
