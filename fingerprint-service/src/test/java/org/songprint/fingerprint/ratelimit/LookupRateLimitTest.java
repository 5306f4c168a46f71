package org.songprint.fingerprint.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.RateLimitProfile;

/**
 * The per-IP limit on /v2/lookup, with the client's address taken from the trusted proxy's
 * X-Forwarded-For: one client over its rate gets error 14, another client behind the same proxy
 * does not. (The limits are off in the other tests.)
 */
@QuarkusTest
@TestProfile(LookupRateLimitTest.Limited.class)
class LookupRateLimitTest {

    public static class Limited extends RateLimitProfile {
        public Limited() {
            super("1000", "2", "test-rate-");
        }
    }

    private static Response lookupFrom(String clientIp) {
        return given().header("X-Forwarded-For", clientIp)
                .formParam("client", "test-client-key")
                .formParam("trackid", "9ff9b24b-6e4e-4ba4-bc0b-2a6b4e1a4f10")
                .post("/v2/lookup");
    }

    @Test
    void oneClientOverItsRateIsLimitedAndAnotherIsNot() {
        // 2 requests per second over the 20-second window: 40 pass
        for (int i = 0; i < 40; i++) {
            lookupFrom("203.0.113.7").then().statusCode(200);
        }
        lookupFrom("203.0.113.7").then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("error.code", equalTo(14))
                .body("error.message", equalTo("rate limit (2.000000 requests per second) exceeded, try again later"));
        lookupFrom("203.0.113.8").then().statusCode(200).body("status", equalTo("ok"));
    }
}
