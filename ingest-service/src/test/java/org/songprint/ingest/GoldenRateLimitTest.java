package org.songprint.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.songprint.testsupport.GoldenCalls.post;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.GoldenAnswers;
import org.songprint.testsupport.RateLimitProfile;

/**
 * The golden answers of error 14 (rate limit) on /v2/submit and /v2/submission_status in json, jsonp
 * and xml (see {@link GoldenAnswersTest}; Retry-After's value is a placeholder). The per-IP limit is
 * one call per 20-second window here, and each call pair comes from an address of its own behind the
 * trusted proxy: a status call spends the window, the next call is refused.
 */
@QuarkusTest
@TestProfile(RateLimitProfile.OneCallPerIpWindow.class)
class GoldenRateLimitTest {

    private static RequestSpecification from(String clientIp, String format) {
        return post(format).header("X-Forwarded-For", clientIp).formParam("client", GoldenAnswersTest.CLIENT);
    }

    private static Response status(String clientIp, String format) {
        return from(clientIp, format).formParam("id", 2_099_999_999).post("/v2/submission_status");
    }

    @Test
    void theSecondCallInTheWindowIsError14() {
        String[] formats = {"json", "jsonp", "xml"};
        for (int i = 0; i < formats.length; i++) {
            String format = formats[i];
            String statusCaller = "198.51.100." + (61 + i);
            assertThat(status(statusCaller, format).statusCode()).as("the first call in the window").isEqualTo(200);
            new GoldenAnswers("submission-status").check("error-14-rate-limit." + format + ".txt", status(statusCaller, format));

            String submitCaller = "198.51.100." + (71 + i);
            assertThat(status(submitCaller, format).statusCode()).as("the first call in the window").isEqualTo(200);
            new GoldenAnswers("submit").check("error-14-rate-limit." + format + ".txt", from(submitCaller, format)
                    .formParam("user", GoldenAnswersTest.USER).formParam("fingerprint", GoldenAnswersTest.FINGERPRINT)
                    .formParam("duration", 30).formParam("mbid", GoldenAnswersTest.MBID_1).post("/v2/submit"));
        }
    }
}
