package org.songprint.fingerprint;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.GoldenAnswers;
import org.songprint.testsupport.RateLimitOverrides;

/**
 * The golden answer of error 14 (rate limit) on /v2/lookup in json, jsonp and xml (see
 * {@link GoldenAnswersTest}; Retry-After's value is a placeholder). The per-IP limit is one call per
 * 20-second window here, and each format calls from an address of its own behind the trusted proxy.
 */
@QuarkusTest
@TestProfile(GoldenRateLimitTest.OneCallPerWindow.class)
class GoldenRateLimitTest {

    public static class OneCallPerWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return RateLimitOverrides.oneCallPerIpWindow();
        }
    }

    private static Response lookup(String format, String clientIp) {
        RequestSpecification request = given().header("X-Forwarded-For", clientIp).formParam("format", format)
                .formParam("client", TestCatalog.CLIENT_KEY).formParam("trackid", "7d0a4a1e-5b8c-4f3e-9c2d-000000000898");
        return (format.equals("jsonp") ? request.formParam("jsoncallback", "cb") : request).post("/v2/lookup");
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
