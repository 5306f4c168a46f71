package org.songprint.account.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.songprint.account.TestSql;
import org.songprint.testsupport.RateLimitProfile;

/**
 * One client IP sending ten times its limit (4/s) for two full 20-second windows: the limiter lets
 * through the configured rate (160 calls in 40 s) within ±10 %, never more than a window's budget
 * (80) in less than 15 s (the window slides in 5 s slots), and answers the rest with error 14.
 * Redis-backed, on the real HTTP endpoint.
 */
@QuarkusTest
@TestProfile(RateLimitOverloadTest.Limited.class)
class RateLimitOverloadTest {

    private static final double RATE = 4;
    private static final int WINDOW_SECONDS = 20;
    private static final int SLOT_MILLIS = 5000;

    public static class Limited extends RateLimitProfile {
        public Limited() {
            super("1000", Double.toString(RATE), "test-overload-");
        }
    }

    @Inject
    TestSql sql;

    @Test
    void tenTimesTheRateFromOneIpPassesTheConfiguredRate() throws Exception {
        String client = TestSql.newKey("c");
        String user = TestSql.newKey("u");
        sql.update("WITH a AS (INSERT INTO account (name, apikey) VALUES ('load', ?) RETURNING id) "
                + "INSERT INTO application (name, apikey, account_id) SELECT 'load', ?, id FROM a", user, client);
        // warm the HTTP client and the endpoint up from another address first
        for (int i = 0; i < 3; i++) {
            given().header("X-Forwarded-For", "198.51.100.78").queryParam("client", client).queryParam("user", user)
                    .get("/v2/user/lookup").then().statusCode(200);
        }
        // start just after a 5 s slot boundary, so the run covers two whole windows
        long now = System.currentTimeMillis();
        Thread.sleep(SLOT_MILLIS - now % SLOT_MILLIS + 100);
        long start = System.currentTimeMillis();
        long end = start + 2L * WINDOW_SECONDS * 1000 - 300;
        double offered = RATE * 10;
        List<Long> passed = new ArrayList<>();
        int rejected = 0;
        int sent = 0;
        while (System.currentTimeMillis() < end) {
            long due = start + (long) (sent * 1000 / offered);
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            Response response = given().header("X-Forwarded-For", "198.51.100.77")
                    .queryParam("client", client).queryParam("user", user).get("/v2/user/lookup");
            sent++;
            if (response.statusCode() == 200) {
                passed.add(System.currentTimeMillis() - start);
            } else {
                assertThat(response.statusCode()).isEqualTo(429);
                assertThat(response.jsonPath().getInt("error.code")).isEqualTo(14);
                rejected++;
            }
        }
        double seconds = (end - start) / 1000.0;
        // the driver's own precondition (one thread on the test machine's two busy cores reached 87-98 %
        // of 10x in CI runs); 8x the rate is still an overload, and the limiter's assertions follow
        assertThat(sent).as("offered about 10x the rate").isGreaterThan((int) (offered * seconds * 0.8));
        double passedRate = passed.size() / seconds;
        assertThat(passedRate).as("passed %d of %d in %.1f s", passed.size(), sent, seconds)
                .isBetween(RATE * 0.9, RATE * 1.1);
        assertThat(rejected).isEqualTo(sent - passed.size());
        // the window slides in 5 s slots: no span shorter than the window less one slot lets more than
        // one window's budget through
        int budget = (int) (RATE * WINDOW_SECONDS);
        for (int i = 0; i + budget < passed.size(); i++) {
            assertThat(passed.get(i + budget) - passed.get(i)).as("span of %d passes from #%d; passes at %s", budget + 1, i, passed)
                    .isGreaterThanOrEqualTo(WINDOW_SECONDS * 1000L - SLOT_MILLIS);
        }
    }
}
