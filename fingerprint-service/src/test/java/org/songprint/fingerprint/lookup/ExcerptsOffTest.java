package org.songprint.fingerprint.lookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.testsupport.AudioFixtures;

/** An operator who switched excerpts off: excerpt=1 is refused with AcoustID's error shape; whole-track lookups answer. */
@QuarkusTest
@TestProfile(ExcerptsOffTest.Off.class)
class ExcerptsOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("songprint.index.excerpt.enabled", "false");
        }
    }

    static final String FINGERPRINT = ChromaprintCodec.encode(1, AudioFixtures.pseudoRandomItems(901, 120));

    @Test
    void anExcerptLookupIsRefusedWithError12() {
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", 15).formParam("fingerprint", FINGERPRINT)
                .formParam("excerpt", 1).post("/v2/lookup").then().statusCode(400)
                .body("status", equalTo("error"))
                .body("error.code", equalTo(12))
                .body("error.message", equalTo("excerpt lookups are switched off on this server"));
    }

    @Test
    void aWholeTrackLookupAnswers() {
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", 15).formParam("fingerprint", FINGERPRINT)
                .post("/v2/lookup").then().statusCode(200).body("status", equalTo("ok"));
    }
}
