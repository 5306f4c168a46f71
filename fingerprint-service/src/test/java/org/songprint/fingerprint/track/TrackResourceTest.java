package org.songprint.fingerprint.track;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.testsupport.AudioFixtures;

/** /v2/track/list_by_mbid and /v2/fingerprint. */
@QuarkusTest
class TrackResourceTest {

    static final UUID MBID = UUID.fromString("4e0d8649-1f89-44f3-91af-4c0dbee81f28");
    static final UUID DISABLED_MBID = UUID.fromString("4e0d8649-1f89-44f3-91af-4c0dbee81f29");
    static AudioFixtures.Fpcalc fingerprint;
    static TestCatalog.StoredTrack first;
    static TestCatalog.StoredTrack second;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void catalog() throws Exception {
        if (first != null) {
            return;
        }
        TestCatalog catalog = new TestCatalog(dataSource);
        fingerprint = AudioFixtures.fpcalc(AudioFixtures.melody(401, 35));
        first = catalog.add(fingerprint, MBID);
        second = catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(402, 35)), MBID, DISABLED_MBID);
        catalog.execute("UPDATE track_mbid SET disabled = true WHERE mbid = ?", DISABLED_MBID);
    }

    @Test
    void listsTheTracksOfAnMbidWithoutAClientKey() {
        given().queryParam("mbid", MBID.toString()).get("/v2/track/list_by_mbid").then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("tracks.id", contains(first.gid().toString(), second.gid().toString()));
    }

    @Test
    void disabledLinksOnlyWhenAskedAndFlagged() {
        given().queryParam("mbid", DISABLED_MBID.toString()).get("/v2/track/list_by_mbid").then().statusCode(200)
                .body("tracks", empty());
        given().queryParam("mbid", DISABLED_MBID.toString()).queryParam("disabled", 1).get("/v2/track/list_by_mbid")
                .then().statusCode(200).body("tracks", hasSize(1)).body("tracks[0].disabled", equalTo(true));
        given().queryParam("mbid", MBID.toString()).queryParam("disabled", 1).get("/v2/track/list_by_mbid")
                .then().statusCode(200).body("tracks[0].disabled", nullValue());
    }

    @Test
    void batchAnswersPerMbid() {
        given().formParam("mbid", MBID.toString()).formParam("mbid", UUID.randomUUID().toString()).formParam("batch", 1)
                .post("/v2/track/list_by_mbid").then().statusCode(200)
                .body("mbids", hasSize(2))
                .body("mbids[0].mbid", equalTo(MBID.toString()))
                .body("mbids[0].tracks", hasSize(2))
                .body("mbids[1].tracks", empty());
    }

    @Test
    void badMbidsAreErrors() {
        given().get("/v2/track/list_by_mbid").then().statusCode(400).body("error.code", equalTo(2))
                .body("error.message", equalTo("missing required parameter \"mbid\""));
        given().queryParam("mbid", "nope").get("/v2/track/list_by_mbid").then().statusCode(400)
                .body("error.code", equalTo(7)).body("error.message", equalTo("parameter \"mbid\" is not a valid UUID"));
    }

    @Test
    void fingerprintById() {
        given().queryParam("id", first.fingerprintId()).get("/v2/fingerprint").then().statusCode(200)
                .body("fingerprint.id", equalTo(first.fingerprintId()))
                .body("fingerprint.duration", equalTo(fingerprint.duration()))
                .body("fingerprint.hashes", hasSize(fingerprint.raw().length))
                .body("fingerprint.hashes[0]", equalTo(fingerprint.raw()[0]));
        given().queryParam("id", 987654).get("/v2/fingerprint").then().statusCode(404)
                .body("error.code", equalTo(18)).body("error.message", equalTo("fingerprint not found"));
        given().get("/v2/fingerprint").then().statusCode(400).body("error.code", equalTo(2));
    }

    @Test
    void listByPuidIsAlwaysEmpty() {
        given().queryParam("puid", UUID.randomUUID().toString()).get("/v2/track/list_by_puid").then().statusCode(200)
                .body("tracks", empty());
    }
}
