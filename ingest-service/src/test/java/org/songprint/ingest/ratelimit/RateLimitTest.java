package org.songprint.ingest.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.RateLimitProfile;

/**
 * AcoustID's rate limits on the real service with Redis: a window of 20 s × rate requests per
 * application, then error 14 naming the rate, HTTP 429 and Retry-After; a rejected call does not
 * count; the cluster secret is exempt. (The limits are off in the other tests.)
 */
@QuarkusTest
@TestProfile(RateLimitTest.Limited.class)
class RateLimitTest {

    public static class Limited extends RateLimitProfile {
        public Limited() {
            super("1", "1000", "test-rate-", Map.of(
                    "songprint.rate-limit.exempt-secret", "test-exempt-secret",
                    "songprint.admin.secret", "test-cluster-secret"));
        }
    }

    private static Response status(String secret) {
        var request = given().formParam("client", "test-client-key").formParam("id", "1");
        if (secret != null) {
            request.header("X-Songprint-Exempt", secret);
        }
        return request.post("/v2/submission_status");
    }

    @Test
    void anApplicationOverItsRateGetsError14WithRetryAfter() {
        // 1 request per second over AcoustID's 20-second window: 20 pass
        for (int i = 0; i < 20; i++) {
            status(null).then().statusCode(200);
        }
        Response limited = status(null);
        limited.then().statusCode(429)
                .body("status", equalTo("error"))
                .body("error.code", equalTo(14))
                .body("error.message", equalTo("rate limit (1.000000 requests per second) exceeded, try again later"));
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 5);
        // rejected calls are not counted, so the limit does not dig itself deeper
        status(null).then().statusCode(429);

        // the suite's own tools present the exemption secret and are not limited; the /internal admin
        // secret is another secret and exempts nobody, nor does a wrong one of the same length
        status("test-exempt-secret").then().statusCode(200);
        status("test-cluster-secret").then().statusCode(429);
        status("test-exempt-secreT").then().statusCode(429);
        status("a wrong secret").then().statusCode(429);

        // bad requests are answered before they count: still error 2, not 14 (no client key; no id is
        // no error, as in AcoustID)
        given().formParam("id", "1").post("/v2/submission_status")
                .then().statusCode(400).body("error.code", equalTo(2));
    }
}
