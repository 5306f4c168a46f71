package org.songprint.fingerprint.lookup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.xml.XmlPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.testsupport.AudioFixtures;

/**
 * {@code /v2/lookup} with {@code excerpt=1}: clips cut from inside catalogued recordings and
 * fingerprinted by fpcalc, found with where they begin; AcoustID's answer otherwise unchanged.
 */
@QuarkusTest
class ExcerptLookupTest {

    static final UUID MBID = UUID.fromString("5e1c3a2b-2222-4c0e-9a0e-0000000000e1");

    static AudioFixtures.Fpcalc clip;
    static AudioFixtures.Fpcalc otherClip;
    static TestCatalog.StoredTrack track;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void catalogue() throws Exception {
        if (track == null) {
            Path recording = AudioFixtures.melody(611, 130);
            clip = AudioFixtures.fpcalc(AudioFixtures.transformed(recording, "excerpt-47.4-15", "trim", "47.4", "15"));
            Path uncatalogued = AudioFixtures.melody(612, 60);
            otherClip = AudioFixtures.fpcalc(AudioFixtures.transformed(uncatalogued, "excerpt-20-15", "trim", "20", "15"));
            track = new TestCatalog(dataSource).add(AudioFixtures.fpcalc(recording), MBID);
            TestCatalog.awaitFoundAsExcerpt(clip.fingerprint(), clip.duration(), track.gid());
        }
    }

    static RequestSpecification excerptLookup(AudioFixtures.Fpcalc fingerprint) {
        return given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", fingerprint.duration())
                .formParam("fingerprint", fingerprint.fingerprint()).formParam("excerpt", 1);
    }

    @Test
    void aClipIsFoundWithWhereItBeginsAndTheRequestedMetadata() {
        JsonPath answer = excerptLookup(clip).formParam("meta", "recordingids").post("/v2/lookup").then()
                .statusCode(200)
                .body("status", equalTo("ok"))
                .body("results[0].id", equalTo(track.gid().toString()))
                .body("results[0].score", greaterThan(0.5f))
                .body("results[0].recordings.id", contains(MBID.toString()))
                .extract().jsonPath();
        assertThat(answer.getDouble("results[0].offset")).as("where the clip begins, in seconds").isBetween(47.1, 47.7);
    }

    @Test
    void withoutTheParameterTheClipIsLookedUpAsAWholeRecordingAsAcoustIdDoes() {
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", clip.duration())
                .formParam("fingerprint", clip.fingerprint()).post("/v2/lookup").then().statusCode(200)
                .body("results", empty());
    }

    @Test
    void aClipOfAudioNotCataloguedFindsNothing() {
        excerptLookup(otherClip).post("/v2/lookup").then().statusCode(200).body("results", empty());
    }

    @Test
    void batchesAnswerEachClip() {
        JsonPath answer = given().formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", 1)
                .formParam("excerpt", 1)
                .formParam("fingerprint.0", otherClip.fingerprint()).formParam("duration.0", otherClip.duration())
                .formParam("fingerprint.1", clip.fingerprint()).formParam("duration.1", clip.duration())
                .post("/v2/lookup").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getList("fingerprints.index", Integer.class)).containsExactly(0, 1);
        assertThat(answer.getList("fingerprints[0].results")).isEmpty();
        assertThat(answer.getString("fingerprints[1].results[0].id")).isEqualTo(track.gid().toString());
        assertThat(answer.getDouble("fingerprints[1].results[0].offset")).isBetween(47.1, 47.7);
    }

    @Test
    void xmlCarriesTheOffsetToo() {
        XmlPath xml = excerptLookup(clip).formParam("format", "xml").post("/v2/lookup").then().statusCode(200)
                .extract().xmlPath();
        assertThat(xml.getString("response.results.result.id")).isEqualTo(track.gid().toString());
        assertThat(xml.getDouble("response.results.result.offset")).isBetween(47.1, 47.7);
    }

    @Test
    void aWholeTrackLookupHasNoOffset() {
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", 130)
                .formParam("fingerprint", AudioFixtures.fpcalc(AudioFixtures.melody(611, 130)).fingerprint())
                .post("/v2/lookup").then().statusCode(200)
                .body("results[0].id", equalTo(track.gid().toString()))
                .body("results[0]", not(hasKey("offset")))
                .body("results[0].offset", nullValue());
    }
}
