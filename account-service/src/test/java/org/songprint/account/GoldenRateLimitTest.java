package org.songprint.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.songprint.testsupport.GoldenCalls.get;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.GoldenAnswers;
import org.songprint.testsupport.RateLimitProfile;

/**
 * The golden answer of error 14 (rate limit) on /v2/user/lookup in json, jsonp and xml (see
 * {@link GoldenAnswersTest}; Retry-After's value is a placeholder). The per-IP limit is one call per
 * 20-second window here, and each format calls from an address of its own behind the trusted proxy.
 */
@QuarkusTest
@TestProfile(RateLimitProfile.OneCallPerIpWindow.class)
class GoldenRateLimitTest {

    @Inject
    TestSql sql;

    private static Response lookup(String format, String clientIp, String user) {
        return get(format).header("X-Forwarded-For", clientIp).queryParam("user", user).get("/v2/user/lookup");
    }

    @Test
    void theSecondCallInTheWindowIsError14() throws Exception {
        String user = TestSql.newKey("u");
        sql.update("INSERT INTO account (name, apikey) VALUES ('golden-rate', ?)", user);
        GoldenAnswers golden = new GoldenAnswers("user");
        String[][] formatsAndAddresses = {{"json", "198.51.100.91"}, {"jsonp", "198.51.100.92"}, {"xml", "198.51.100.93"}};
        for (String[] call : formatsAndAddresses) {
            assertThat(lookup(call[0], call[1], user).statusCode()).as("the first call in the window").isEqualTo(200);
            golden.check("lookup-error-14-rate-limit." + call[0] + ".txt", lookup(call[0], call[1], user));
        }
    }
}
