package org.songprint.fingerprint;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.fingerprint.metadata.StubMetadataService;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.GoldenAnswers;

/**
 * Golden answers of /v2/lookup with metadata, from the stand-in metadata-service of the tests (every
 * recording titled after its MBID, 201 s, one artist, two ISRCs when asked, no releases), in json,
 * jsonp and xml (see {@link GoldenAnswersTest}). The full MusicBrainz shapes (release groups,
 * releases, mediums, tracks) are pinned by {@code scripts/golden/lookup-pretty-things.json}.
 */
@QuarkusTest
@QuarkusTestResource(value = StubMetadataService.class, restrictToAnnotatedClass = true)
class GoldenMetadataLookupTest {

    static final UUID RECORDING_1 = UUID.fromString("3c1e0c55-9b1e-4c7b-8d2e-000000000805");
    static final UUID RECORDING_2 = UUID.fromString("3c1e0c55-9b1e-4c7b-8d2e-000000000806");

    static AudioFixtures.Fpcalc song;
    static TestCatalog.StoredTrack songTrack;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void catalog() throws Exception {
        if (songTrack == null) {
            song = GoldenAnswersTest.synthetic(805);
            songTrack = new TestCatalog(dataSource).add(song, RECORDING_1, RECORDING_2);
        }
    }

    private static void inEveryFormat(String name, String meta) {
        GoldenAnswers golden = new GoldenAnswers("lookup").literal(songTrack.gid(), "track-song");
        for (String format : List.of("json", "jsonp", "xml")) {
            RequestSpecification request = given().formParam("format", format).formParam("client", TestCatalog.CLIENT_KEY)
                    .formParam("duration", song.duration()).formParam("fingerprint", song.fingerprint()).formParam("meta", meta);
            if (format.equals("jsonp")) {
                request.formParam("jsoncallback", "cb");
            }
            golden.check(name + "." + format + ".txt", request.post("/v2/lookup"));
        }
    }

    @Test
    void recordings() {
        inEveryFormat("stub-meta-recordings", "recordings");
    }

    @Test
    void recordingsWithIsrcsAndSources() {
        inEveryFormat("stub-meta-recordings-isrcs-sources", "recordings isrcs sources");
        inEveryFormat("stub-meta-isrcs", "isrcs");
        inEveryFormat("stub-meta-recordingids-isrcs", "recordingids isrcs");
    }

    @Test
    void picardsMetaWithoutReleases() {
        inEveryFormat("stub-meta-picard", "recordings releasegroups releases tracks compress sources");
        inEveryFormat("stub-meta-releases-without-recordings", "releases");
    }
}
