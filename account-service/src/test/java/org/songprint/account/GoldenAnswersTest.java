package org.songprint.account;

import static io.restassured.RestAssured.given;
import static org.songprint.testsupport.GoldenCalls.FORMATS;
import static org.songprint.testsupport.GoldenCalls.formatQuery;
import static org.songprint.testsupport.GoldenCalls.get;
import static org.songprint.testsupport.GoldenCalls.inEveryFormat;
import static org.songprint.testsupport.GoldenCalls.post;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.common.api.RequestLimits;
import org.songprint.testsupport.GoldenAnswers;
import org.songprint.testsupport.GoldenCalls;
import org.songprint.testsupport.RawHttp;

/**
 * Golden answers of account-service's AcoustID API: /v2/user/lookup, /v2/user/create_anonymous, the
 * internal key republish's refusal, and every AcoustID error they answer, each in json, jsonp
 * (callback {@code cb}) and xml, compared byte for byte with {@code src/test/resources/golden/} (see
 * {@link GoldenAnswers}: the keys, random for every run, are placeholders).
 * {@code -Dsongprint.golden.update=true} rewrites the files instead of comparing.
 */
@QuarkusTest
class GoldenAnswersTest {


    @Inject
    TestSql sql;

    @TestHTTPResource("/")
    URL server;

    private TestSql.AccountKeys keys;

    /** An account (with its user key), an active application and an inactive one: this test's own. */
    @BeforeEach
    void application() throws Exception {
        keys = sql.accountWithApplications("golden");
    }

    private GoldenAnswers golden() {
        return new GoldenAnswers("user").literal(keys.userKey(), "user-key").literal(keys.clientKey(), "client-key")
                .literal(keys.inactiveKey(), "inactive-client-key");
    }

    @Test
    void userLookup() {
        GoldenAnswers golden = golden();
        inEveryFormat(golden, "lookup", format -> get(format).queryParam("user", keys.userKey()).get("/v2/user/lookup"));
        inEveryFormat(golden, "lookup-post-with-a-bad-client-key", format -> post(format).formParam("client", "nope")
                .formParam("user", keys.userKey()).post("/v2/user/lookup"));
        golden.check("lookup-error-1-unknown-format.yaml.txt", given().queryParam("format", "yaml")
                .queryParam("user", keys.userKey()).get("/v2/user/lookup"));
        inEveryFormat(golden, "lookup-error-2-missing-user", format -> get(format).queryParam("client", keys.clientKey())
                .get("/v2/user/lookup"));
        inEveryFormat(golden, "lookup-error-6-invalid-user", format -> get(format).queryParam("user", "unknown")
                .get("/v2/user/lookup"));
    }

    @Test
    void createAnonymous() {
        // the new key is random: numbered in order of appearance
        GoldenAnswers golden = golden().numbered("apikey", "new-user-key");
        inEveryFormat(golden, "create-anonymous", format -> get(format).queryParam("client", keys.clientKey())
                .queryParam("clientversion", "1.2").get("/v2/user/create_anonymous"));
        inEveryFormat(golden, "create-anonymous-post", format -> post(format).formParam("client", keys.clientKey())
                .post("/v2/user/create_anonymous"));
        golden.check("create-anonymous-error-1-unknown-format.yaml.txt", given().queryParam("format", "yaml")
                .queryParam("client", keys.clientKey()).get("/v2/user/create_anonymous"));
        inEveryFormat(golden, "create-anonymous-error-2-missing-client",
                format -> get(format).get("/v2/user/create_anonymous"));
        inEveryFormat(golden, "create-anonymous-error-4-invalid-client", format -> get(format).queryParam("client", "nope")
                .get("/v2/user/create_anonymous"));
        inEveryFormat(golden, "create-anonymous-error-4-inactive-client", format -> get(format)
                .queryParam("client", keys.inactiveKey()).get("/v2/user/create_anonymous"));
    }

    @Test
    void tooLargeAndUnreadableRequests() throws Exception {
        GoldenAnswers golden = golden();
        inEveryFormat(golden, "lookup-error-19-too-many-parameters", format -> {
            RequestSpecification request = post(format).formParam("user", keys.userKey());
            for (int i = 0; i < 1001; i++) {
                request.formParam("x" + i, "1");
            }
            return request.post("/v2/user/lookup");
        });
        // the body is read before the format is known: these answer in JSON whatever is asked
        byte[] large = ("user=" + keys.userKey() + "&x=" + "A".repeat(1 << 20)).getBytes(StandardCharsets.UTF_8);
        for (String format : FORMATS) {
            String query = formatQuery(format);
            golden.check("lookup-error-19-body-too-large." + format + ".txt", GoldenCalls.postBody(server, "/v2/user/lookup",
                    format, large, "application/x-www-form-urlencoded", null));
            golden.check("lookup-error-19-request-line-too-long." + format + ".txt", GoldenAnswers.raw(server,
                    RawHttp.getLineOf("/v2/user/lookup" + query + "&user=" + keys.userKey(), RequestLimits.MAX_REQUEST_LINE + 1)));
        }
    }

    @Test
    void internalRepublishRefusal() {
        inEveryFormat(new GoldenAnswers("internal"), "api-keys-republish-error-12-not-allowed",
                format -> post(format).formParam("secret", "wrong").post("/internal/api-keys/republish"));
    }
}
