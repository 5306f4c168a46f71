package org.songprint.fingerprint.lookup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.common.metadata.v1.Include;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.fingerprint.metadata.StubMetadataService;
import org.songprint.testsupport.AudioFixtures;

/**
 * {@code meta=isrcs} as AcoustID answers it: alone it brings the recordings, each with its title,
 * duration, artists and ISRCs; with {@code recordingids} the recordings are ids only.
 */
@QuarkusTest
@QuarkusTestResource(value = StubMetadataService.class, restrictToAnnotatedClass = true)
class LookupIsrcsTest {

    static final UUID MBID = UUID.fromString("1c9e0c3a-2222-4c0e-9a0e-0000000000c1");

    static AudioFixtures.Fpcalc song;
    static TestCatalog.StoredTrack track;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void catalog() throws Exception {
        if (track == null) {
            song = AudioFixtures.fpcalc(AudioFixtures.melody(231, 45));
            track = new TestCatalog(dataSource).add(song, MBID);
        }
    }

    private static RequestSpecification lookup(String meta) {
        return given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", song.duration())
                .formParam("fingerprint", song.fingerprint()).formParam("meta", meta);
    }

    @Test
    void isrcsAloneBringsTheRecordingsWithTheirIsrcs() {
        StubMetadataService.REQUESTS.clear();
        lookup("isrcs").post("/v2/lookup").then().statusCode(200)
                .body("results[0].id", equalTo(track.gid().toString()))
                .body("results[0].recordings.id", contains(MBID.toString()))
                .body("results[0].recordings[0].title", equalTo(StubMetadataService.title(MBID.toString())))
                .body("results[0].recordings[0].duration", equalTo(201.0f))
                .body("results[0].recordings[0].artists[0].name", equalTo("Ada Hill"))
                .body("results[0].recordings[0].isrcs", equalTo(StubMetadataService.ISRCS))
                .body("results[0].recordings[0]", not(hasKey("releasegroups")));
        assertThat(StubMetadataService.REQUESTS).singleElement()
                .satisfies(request -> assertThat(request.getIncludesList()).containsExactly(Include.INCLUDE_ISRCS));
    }

    @Test
    void recordingsWithoutIsrcsLeaveThemOut() {
        lookup("recordings").post("/v2/lookup").then().statusCode(200)
                .body("results[0].recordings[0].title", equalTo(StubMetadataService.title(MBID.toString())))
                .body("results[0].recordings[0]", not(hasKey("isrcs")));
    }

    @Test
    void recordingIdsCutIsrcsDownToIds() {
        lookup("recordingids isrcs").post("/v2/lookup").then().statusCode(200)
                .body("results[0].recordings.id", contains(MBID.toString()))
                .body("results[0].recordings[0]", not(hasKey("isrcs")))
                .body("results[0].recordings[0]", not(hasKey("title")));
    }
}
