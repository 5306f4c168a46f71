package org.songprint.account.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.account.TestSql;

/** /v2/user/create_anonymous and /v2/user/lookup, as AcoustID answers them. */
@QuarkusTest
class UserApiTest {

    @Inject
    TestSql sql;

    @TestHTTPResource("/v2/user/lookup")
    URL lookupUrl;

    private TestSql.AccountKeys keys;

    @BeforeEach
    void application() throws Exception {
        keys = sql.accountWithApplications("owner");
    }

    @Test
    void anAnonymousUserKeyIsCreatedForTheApplicationAndLooksUp() throws Exception {
        String key = given().queryParam("client", keys.clientKey()).queryParam("clientversion", "1.2")
                .get("/v2/user/create_anonymous")
                .then().statusCode(200).body("status", equalTo("ok"))
                .body("user.apikey", matchesPattern("[A-Za-z0-9]{32}")).extract().path("user.apikey");
        assertThat(sql.string("SELECT a.name || ' ' || a.application_version || ' ' || p.apikey FROM account a "
                + "JOIN application p ON p.id = a.application_id WHERE a.apikey = ?", key))
                .isEqualTo("Anonymous 1.2 " + keys.clientKey());

        given().formParam("client", keys.clientKey()).formParam("user", key).post("/v2/user/lookup")
                .then().statusCode(200).body("user.apikey", equalTo(key));
        // gzip form bodies, as pyacoustid sends them
        HttpResponse<String> gzipped = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(lookupUrl.toURI())
                        .header("Content-Type", "application/x-www-form-urlencoded").header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip("client=" + keys.clientKey() + "&user=" + key)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.body()).contains("\"apikey\":\"" + key + "\"");
        Response xml = given().queryParam("client", keys.clientKey()).queryParam("user", key).queryParam("format", "xml")
                .get("/v2/user/lookup");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.asString()).contains("<apikey>" + key + "</apikey>");
    }

    @Test
    void badKeysAndMissingParametersGetAcoustIdErrors() throws Exception {
        long accounts = Long.parseLong(sql.string("SELECT count(*) FROM account"));
        error(given().get("/v2/user/create_anonymous"), 400, 2);
        error(given().queryParam("client", "nope").get("/v2/user/create_anonymous"), 400, 4);
        error(given().queryParam("client", keys.inactiveKey()).get("/v2/user/create_anonymous"), 400, 4);
        error(given().formParam("client", "x' OR '1'='1").post("/v2/user/create_anonymous"), 400, 4);
        assertThat(Long.parseLong(sql.string("SELECT count(*) FROM account"))).as("nothing written").isEqualTo(accounts);

        error(given().queryParam("client", keys.clientKey()).get("/v2/user/lookup"), 400, 2);
        error(given().get("/v2/user/lookup"), 400, 2);
        error(given().queryParam("client", keys.clientKey()).queryParam("user", "unknown").get("/v2/user/lookup"), 400, 6);
        // user/lookup reads no client key in AcoustID, so a bad one changes nothing: the user key decides
        error(given().queryParam("client", "nope").queryParam("user", "unknown").get("/v2/user/lookup"), 400, 6);
        error(given().queryParam("client", keys.clientKey()).queryParam("format", "yaml").get("/v2/user/lookup"), 400, 1);
    }

    @Test
    void userLookupNeedsNoClientKey() throws Exception {
        String key = given().queryParam("client", keys.clientKey()).get("/v2/user/create_anonymous")
                .then().statusCode(200).extract().path("user.apikey");
        given().queryParam("user", key).get("/v2/user/lookup")
                .then().statusCode(200).body("status", equalTo("ok")).body("user.apikey", equalTo(key));
        given().formParam("user", key).post("/v2/user/lookup")
                .then().statusCode(200).body("user.apikey", equalTo(key));
        given().formParam("client", keys.inactiveKey()).formParam("user", key).post("/v2/user/lookup")
                .then().statusCode(200).body("user.apikey", equalTo(key));
    }

    @Test
    void multipartBodiesAreReadLikeFormBodies() throws Exception {
        String key = given().multiPart("client", keys.clientKey()).multiPart("clientversion", "2.0")
                .post("/v2/user/create_anonymous")
                .then().statusCode(200).body("status", equalTo("ok")).extract().path("user.apikey");
        assertThat(sql.string("SELECT application_version FROM account WHERE apikey = ?", key)).isEqualTo("2.0");
        given().multiPart("user", key).post("/v2/user/lookup")
                .then().statusCode(200).body("user.apikey", equalTo(key));
        given().multiPart("user", key).multiPart("format", "xml").post("/v2/user/lookup")
                .then().statusCode(200).body(containsString("<apikey>" + key + "</apikey>"));
    }

    private static void error(Response response, int status, int code) {
        response.then().statusCode(status).body("status", equalTo("error")).body("error.code", equalTo(code));
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }


}
