package org.songprint.fingerprint;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.PrivateRedisServer;

/** Readiness follows Redis: DOWN within 10 s of losing it, UP again when it returns, no restart. */
@QuarkusTest
@QuarkusTestResource(value = PrivateRedisServer.class, restrictToAnnotatedClass = true)
class RedisReadinessTest {

    @Test
    void readinessFollowsRedis() throws Exception {
        assertThat(awaitReadiness(200, 10_000)).as("ready with Redis up").isTrue();

        PrivateRedisServer.current().kill();
        assertThat(awaitReadiness(503, 10_000)).as("DOWN within 10 s of Redis dying").isTrue();

        PrivateRedisServer.current().startProcess();
        assertThat(awaitReadiness(200, 10_000)).as("UP within 10 s of Redis returning").isTrue();
    }

    private static boolean awaitReadiness(int status, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (given().get("/q/health/ready").statusCode() == status) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }
}
