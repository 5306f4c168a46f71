package org.songprint.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

/**
 * What every service's readiness promises: UP, with one check per real dependency. A service's
 * {@code @QuarkusTest} extends this class to inherit the test.
 */
public abstract class ReadinessContract {

    @Test
    void readinessIsUpWithACheckPerDependency() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Kafka broker", "Reactive PostgreSQL connections health check",
                        "Redis connection health check"))
                .body("checks.status", everyItem(equalTo("UP")));
    }
}
