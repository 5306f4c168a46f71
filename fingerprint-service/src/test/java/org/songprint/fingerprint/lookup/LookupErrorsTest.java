package org.songprint.fingerprint.lookup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.songprint.common.api.RequestLimits;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.RawHttp;

/** Every error /v2/lookup can answer: AcoustID's code, message and HTTP status. */
@QuarkusTest
class LookupErrorsTest {

    static final String FINGERPRINT = AudioFixtures.fpcalc(AudioFixtures.melody(301, 30)).fingerprint();

    static RequestSpecification valid() {
        return given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", 30)
                .formParam("fingerprint", FINGERPRINT);
    }

    static void error(ValidatableResponse response, int status, int code, String message) {
        response.statusCode(status)
                .header("Access-Control-Allow-Origin", "*")
                .contentType(containsString("json"))
                .body("status", equalTo("error"))
                .body("error.code", equalTo(code))
                .body("error.message", equalTo(message));
    }

    @Test
    void unknownFormatIsError1InJson() {
        error(valid().formParam("format", "yaml").post("/v2/lookup").then(), 400, 1, "unknown format \"yaml\"");
    }

    @Test
    void formatIsCheckedBeforeTheClient() {
        error(given().queryParam("format", "csv").get("/v2/lookup").then(), 400, 1, "unknown format \"csv\"");
    }

    @Test
    void missingClientIsError2() {
        error(given().formParam("duration", 30).formParam("fingerprint", FINGERPRINT).post("/v2/lookup").then(),
                400, 2, "missing required parameter \"client\"");
    }

    @Test
    void unknownClientIsError4() {
        error(given().formParam("client", "no-such-key").formParam("duration", 30).formParam("fingerprint", FINGERPRINT)
                .post("/v2/lookup").then(), 400, 4, "invalid API key");
    }

    @Test
    void clientIsCheckedBeforeTheOtherParameters() {
        error(given().formParam("client", "no-such-key").post("/v2/lookup").then(), 400, 4, "invalid API key");
    }

    @Test
    void missingFingerprintIsError2() {
        error(given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", 30).post("/v2/lookup").then(),
                400, 2, "missing required parameter \"fingerprint\"");
        error(given().formParam("client", TestCatalog.CLIENT_KEY).post("/v2/lookup").then(),
                400, 2, "missing required parameter \"fingerprint\"");
    }

    @Test
    void missingOrNonIntegerDurationIsError2() {
        error(given().formParam("client", TestCatalog.CLIENT_KEY).formParam("fingerprint", FINGERPRINT)
                .post("/v2/lookup").then(), 400, 2, "missing required parameter \"duration\"");
        error(given().formParam("client", TestCatalog.CLIENT_KEY).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", "12.5").post("/v2/lookup").then(), 400, 2, "missing required parameter \"duration\"");
    }

    @Test
    void negativeOrHugeDurationIsError8() {
        error(given().formParam("client", TestCatalog.CLIENT_KEY).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", -5).post("/v2/lookup").then(), 400, 8, "parameter \"duration\" must be a positive integer");
        error(given().formParam("client", TestCatalog.CLIENT_KEY).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", 40000).post("/v2/lookup").then(), 400, 8, "parameter \"duration\" must be a positive integer");
    }

    @Test
    void undecodableFingerprintsAreError3() {
        for (String bad : new String[] {"x", "AQAAAA", "!!!!", "AQADtE" + "A".repeat(3), "AgAB" + FINGERPRINT.substring(4),
                FINGERPRINT.substring(0, FINGERPRINT.length() / 2), "A".repeat(200_000)}) {
            error(given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", 30).formParam("fingerprint", bad)
                    .post("/v2/lookup").then(), 400, 3, "invalid fingerprint");
        }
    }

    @Test
    void invalidTrackIdIsError7() {
        error(given().formParam("client", TestCatalog.CLIENT_KEY).formParam("trackid", "not-a-uuid")
                .post("/v2/lookup").then(), 400, 7, "parameter \"trackid\" is not a valid UUID");
    }

    @Test
    void maxDurationDiffOutOfRangeIsError11() {
        for (String value : new String[] {"0", "31", "abc", "-1"}) {
            error(valid().formParam("maxdurationdiff", value).post("/v2/lookup").then(), 400, 11,
                    "parameter \"maxdurationdiff\" must be between 1 and 30");
        }
    }

    @Test
    void tooManyQueriesInABatchIsError19() {
        RequestSpecification request = given().formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", 1);
        for (int i = 0; i < 21; i++) {
            request.formParam("fingerprint." + i, FINGERPRINT).formParam("duration." + i, 30);
        }
        error(request.post("/v2/lookup").then(), 413, 19, "request too large");

        RequestSpecification trackIds = given().formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", 1);
        for (int i = 0; i < 101; i++) {
            trackIds.formParam("trackid." + i, UUID.randomUUID().toString());
        }
        error(trackIds.post("/v2/lookup").then(), 413, 19, "request too large");
    }

    @Test
    void aFingerprintOfMoreThanTheMostItemsIsError19AndSoIsABatchOfTooManyItems() {
        int max = RequestLimits.MAX_ITEMS_PER_FINGERPRINT;
        error(given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", 8000)
                .formParam("fingerprint", compactFingerprint(max + 1)).post("/v2/lookup").then(), 413, 19,
                "request too large: parameter \"fingerprint\" has more than 65536 items");
        // the longest legal fingerprint is searched (off the event loop) and answered
        valid().formParam("fingerprint.1", compactFingerprint(max)).formParam("duration.1", 8000).formParam("batch", 1)
                .post("/v2/lookup").then().statusCode(200).body("status", equalTo("ok"));
        RequestSpecification three = given().formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", 1);
        for (int i = 0; i < 3; i++) {
            three.formParam("fingerprint." + i, compactFingerprint(max)).formParam("duration." + i, 8000);
        }
        error(three.post("/v2/lookup").then(), 413, 19, "request too large");
    }

    @Test
    void aLoneDurationMakesNoQuery() {
        // AcoustID: queries are where fingerprint.N or trackid.N is; duration.0 alone is not the first query
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration.0", 30)
                .formParam("fingerprint.1", FINGERPRINT).formParam("duration.1", 30)
                .post("/v2/lookup").then().statusCode(200).body("status", equalTo("ok"));
    }

    @Test
    void requestLinesUpToAcoustIdsLimitAreReadAndLongerOnesGetAnApiError() throws Exception {
        // a GET carrying a fingerprint, as a browser or curl would send it
        String lookup = "/v2/lookup?client=" + TestCatalog.CLIENT_KEY + "&duration=30&fingerprint=" + FINGERPRINT;
        URL server = new URL(lookupUrl, "/");
        assertThat(RawHttp.statusAndBody(server,
                RawHttp.getLineOf(lookup, 8190))).startsWith("HTTP/1.1 200").contains("\"status\":\"ok\"");
        assertThat(RawHttp.statusAndBody(server,
                RawHttp.getLineOf(lookup, 8191))).startsWith("HTTP/1.1 414").contains("\"code\":19");
    }

    static String compactFingerprint(int items) {
        int[] hashes = new int[items];
        Arrays.fill(hashes, 0x1234567);
        return ChromaprintCodec.encode(1, hashes);
    }

    @Test
    void tooManyParametersIsError19() {
        RequestSpecification request = valid();
        for (int i = 0; i < 1001; i++) {
            request.formParam("x" + i, "1");
        }
        error(request.post("/v2/lookup").then(), 413, 19, "request too large");
    }

    @Test
    void whenEveryBatchQueryFailsTheLastFailureIsTheAnswer() {
        error(given().formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", 1)
                .formParam("fingerprint.0", "garbage").formParam("duration.0", 30)
                .formParam("fingerprint.1", FINGERPRINT).formParam("duration.1", -3)
                .post("/v2/lookup").then(), 400, 8, "parameter \"duration.1\" must be a positive integer");
    }

    @Test
    void corruptGzipIsAClearError() throws Exception {
        HttpResponse<String> response = post(new byte[] {31, -117, 8, 0, 1, 2, 3}, "gzip");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("{\"error\":{\"code\":2,\"message\":\"invalid request body: the gzip body is corrupt\"},\"status\":\"error\"}");
    }

    @Test
    void bodiesOverOneMebibyteAreError19() throws Exception {
        byte[] body = ("client=" + TestCatalog.CLIENT_KEY + "&fingerprint=" + "A".repeat(1 << 20)).getBytes();
        HttpResponse<String> response = post(body, null);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"code\":19");
        // a small gzip body that inflates past the limit is refused too
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(body);
        }
        HttpResponse<String> bomb = post(bytes.toByteArray(), "gzip");
        assertThat(bomb.statusCode()).isEqualTo(413);
    }

    @TestHTTPResource("/v2/lookup")
    URL lookupUrl;

    private HttpResponse<String> post(byte[] body, String encoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(lookupUrl.toURI())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void errorsFollowTheAskedFormat() {
        given().formParam("format", "xml").formParam("client", "no-such-key").post("/v2/lookup").then()
                .statusCode(400).body(containsString("<error><code>4</code><message>invalid API key</message></error>"));
    }
}
