package org.songprint.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.songprint.testsupport.GoldenCalls.post;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.GoldenAnswers;
import org.songprint.testsupport.RateLimitProfile;

/**
 * The golden answer of error 14 (rate limit) on /v2/lookup in json, jsonp and xml (see
 * {@link GoldenAnswersTest}; Retry-After's value is a placeholder). The per-IP limit is one call per
 * 20-second window here, and each format calls from an address of its own behind the trusted proxy.
 */
@QuarkusTest
@TestProfile(RateLimitProfile.OneCallPerIpWindow.class)
class GoldenRateLimitTest {

    private static Response lookup(String format, String clientIp) {
        return post(format).header("X-Forwarded-For", clientIp).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("trackid", "7d0a4a1e-5b8c-4f3e-9c2d-000000000898").post("/v2/lookup");
    }

    @Test
    void theSecondCallInTheWindowIsError14() {
        GoldenAnswers golden = new GoldenAnswers("lookup");
        String[][] formatsAndAddresses = {{"json", "198.51.100.81"}, {"jsonp", "198.51.100.82"}, {"xml", "198.51.100.83"}};
        for (String[] call : formatsAndAddresses) {
            assertThat(lookup(call[0], call[1]).statusCode()).as("the first call in the window").isEqualTo(200);
            golden.check("error-14-rate-limit." + call[0] + ".txt", lookup(call[0], call[1]));
        }
    }
}
