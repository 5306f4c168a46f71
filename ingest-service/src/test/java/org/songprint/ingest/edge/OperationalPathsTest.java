package org.songprint.ingest.edge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics, OpenAPI and the /internal endpoints answer callers that reach the service
 * directly, and 404 to anything that came through the public proxy (it always adds X-Forwarded-For).
 */
@QuarkusTest
class OperationalPathsTest {

    @Test
    void directCallersReachTheOperationalPaths() {
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/internal/backlog/parked").then().statusCode(not(equalTo(404)));
    }

    @Test
    void requestsThroughTheProxyDoNot() {
        for (String path : new String[] {"/q/metrics", "/q/openapi", "/q/health/ready", "/internal/backlog/parked",
                "//internal/backlog/parked", "/v2/../internal/backlog/parked"}) {
            given().header("X-Forwarded-For", "198.51.100.7").urlEncodingEnabled(false).get(path).then().statusCode(404);
            given().header("Forwarded", "for=198.51.100.7").urlEncodingEnabled(false).get(path).then().statusCode(404);
        }
        // the public API itself is unaffected
        given().header("X-Forwarded-For", "198.51.100.7").formParam("client", "test-client-key").formParam("id", "1")
                .post("/v2/submission_status").then().statusCode(200);
    }
}
