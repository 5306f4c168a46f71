package org.songprint.fingerprint.catalogue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.songprint.common.catalogue.CatalogueFingerprint;
import org.songprint.common.catalogue.CatalogueRecording;
import org.songprint.common.catalogue.CatalogueStats;
import org.songprint.common.catalogue.CatalogueTrack;
import org.songprint.common.catalogue.RecordingName;
import org.songprint.common.event.EventJson;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.fingerprint.metadata.StubMetadataService;
import org.songprint.fingerprint.stats.CatalogueTotals;
import org.songprint.testsupport.AudioFixtures;

/**
 * The internal catalogue API the web pages read, on real rows, parsed into the shared contract as
 * account-service parses it (EventJson); recordings named by a stand-in metadata-service.
 */
@QuarkusTest
@QuarkusTestResource(value = StubMetadataService.class, restrictToAnnotatedClass = true)
class CatalogueApiTest {

    static final String SECRET = "test-admin-secret";

    @Inject
    DataSource dataSource;

    @Test
    void aTrackShowsItsFingerprintsLinksAndSubmittedTagsAndAMergedOneNamesItsTarget() throws Exception {
        TestCatalog catalog = new TestCatalog(dataSource);
        UUID kept = UUID.randomUUID();
        UUID wrong = UUID.randomUUID();
        // a recording MusicBrainz does not know: shown by its MBID alone
        UUID unknown = UUID.fromString(StubMetadataService.UNKNOWN_PREFIX + UUID.randomUUID().toString().substring(9));
        AudioFixtures.Fpcalc audio = AudioFixtures.fpcalc(AudioFixtures.melody(741, 40));
        TestCatalog.StoredTrack track = catalog.add(audio, kept, wrong, unknown);
        given().formParam("secret", SECRET).formParam("track", track.gid().toString()).formParam("mbid", wrong.toString())
                .formParam("disabled", "1").formParam("account", 7).formParam("note", "another song")
                .post("/internal/set_mbid_disabled").then().statusCode(200);
        UUID puid = UUID.randomUUID();
        catalog.execute("INSERT INTO track_puid (track_id, puid, submission_count) VALUES (?, ?, 2)", track.id(), puid);
        catalog.execute("INSERT INTO foreignid_vendor (name) VALUES ('catalogue-test') ON CONFLICT DO NOTHING");
        catalog.execute("INSERT INTO foreignid (vendor_id, name) SELECT id, ? FROM foreignid_vendor WHERE name = 'catalogue-test'",
                "track-" + track.id());
        catalog.execute("INSERT INTO track_foreignid (track_id, foreignid_id) SELECT ?, id FROM foreignid WHERE name = ?",
                track.id(), "track-" + track.id());
        catalog.execute("INSERT INTO meta (track, artist) VALUES (?, 'Test Artist')", "Song " + track.id());
        catalog.execute("INSERT INTO track_meta (track_id, meta_id, submission_count) SELECT ?, id, 4 FROM meta WHERE track = ?",
                track.id(), "Song " + track.id());

        String body = given().get("/internal/catalogue/track/" + track.gid()).then().statusCode(200).extract().asString();
        CatalogueTrack page = EventJson.mapper().readValue(body, CatalogueTrack.class);
        assertThat(page.gid()).isEqualTo(track.gid());
        assertThat(page.mergedInto()).isNull();
        assertThat(page.fingerprints()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(track.fingerprintId());
            assertThat(f.length()).isEqualTo(audio.duration());
            assertThat(f.created()).isNotNull();
        });
        // enabled links first, each with its submission count; the disabled one is shown as such, with
        // who disabled it, when and why
        assertThat(page.recordings()).extracting(CatalogueTrack.Recording::mbid, CatalogueTrack.Recording::sources,
                CatalogueTrack.Recording::disabled).containsExactlyInAnyOrder(tuple(kept, 3, false), tuple(unknown, 3, false),
                        tuple(wrong, 3, true));
        assertThat(page.recordings().get(2).mbid()).isEqualTo(wrong);
        assertThat(page.recordings().get(0).change()).isNull();
        // named from metadata-service: title, credited artist, length in seconds
        assertThat(page.recordings()).filteredOn(r -> r.mbid().equals(kept)).singleElement().extracting(CatalogueTrack.Recording::name)
                .isEqualTo(new RecordingName(StubMetadataService.title(kept.toString()), "Ada Hill", 201));
        assertThat(page.recordings()).filteredOn(r -> r.mbid().equals(unknown)).singleElement()
                .extracting(CatalogueTrack.Recording::name).isNull();
        CatalogueTrack.Change change = page.recordings().get(2).change();
        assertThat(change.account()).isEqualTo(7);
        assertThat(change.disabled()).isTrue();
        assertThat(change.note()).isEqualTo("another song");
        assertThat(change.created()).isNotNull();
        assertThat(page.puids()).containsExactly(new CatalogueTrack.Puid(puid, 2));
        assertThat(page.foreignIds()).containsExactly(new CatalogueTrack.ForeignId("catalogue-test", "track-" + track.id(), 1));
        assertThat(page.metadata()).containsExactly(new CatalogueTrack.Metadata("Song " + track.id(), "Test Artist", null, 4));

        // merged into another track: the page names the target
        TestCatalog.StoredTrack target = catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(742, 40)));
        given().formParam("secret", SECRET).formParam("target", target.gid().toString()).formParam("source", track.gid().toString())
                .post("/internal/merge_tracks").then().statusCode(200);
        CatalogueTrack merged = EventJson.mapper().readValue(
                given().get("/internal/catalogue/track/" + track.gid()).then().statusCode(200).extract().asString(),
                CatalogueTrack.class);
        assertThat(merged.mergedInto()).isEqualTo(target.gid());
    }

    @Test
    void aFingerprintCarriesItsItemsAndItsLiveTrack() throws Exception {
        TestCatalog catalog = new TestCatalog(dataSource);
        AudioFixtures.Fpcalc audio = AudioFixtures.fpcalc(AudioFixtures.melody(743, 40));
        TestCatalog.StoredTrack track = catalog.add(audio);
        CatalogueFingerprint fingerprint = EventJson.mapper().readValue(
                given().get("/internal/catalogue/fingerprint/" + track.fingerprintId()).then().statusCode(200).extract().asString(),
                CatalogueFingerprint.class);
        assertThat(fingerprint.id()).isEqualTo(track.fingerprintId());
        assertThat(fingerprint.track()).isEqualTo(track.gid());
        assertThat(fingerprint.items()).containsExactly(audio.raw());
        assertThat(fingerprint.length()).isEqualTo(audio.duration());
    }

    @Test
    void anMbidListsItsTracksWithTheirStateAndAnUnknownOneIsNotFound() throws Exception {
        TestCatalog catalog = new TestCatalog(dataSource);
        UUID mbid = UUID.randomUUID();
        TestCatalog.StoredTrack first = catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(744, 40)), mbid);
        TestCatalog.StoredTrack second = catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(745, 40)), mbid);
        given().formParam("secret", SECRET).formParam("track", second.gid().toString()).formParam("mbid", mbid.toString())
                .formParam("disabled", "1").post("/internal/set_mbid_disabled").then().statusCode(200);
        CatalogueRecording recording = EventJson.mapper().readValue(
                given().get("/internal/catalogue/mbid/" + mbid).then().statusCode(200).extract().asString(),
                CatalogueRecording.class);
        assertThat(recording.mbid()).isEqualTo(mbid);
        assertThat(recording.name()).isEqualTo(new RecordingName(StubMetadataService.title(mbid.toString()), "Ada Hill", 201));
        assertThat(recording.tracks()).containsExactly(new CatalogueRecording.Link(first.gid(), 3, false),
                new CatalogueRecording.Link(second.gid(), 3, true));

        given().get("/internal/catalogue/mbid/" + UUID.randomUUID()).then().statusCode(404)
                .body("status", equalTo("error")).body("error.code", equalTo(18));
        given().get("/internal/catalogue/track/" + UUID.randomUUID()).then().statusCode(404).body("error.code", equalTo(18));
        given().get("/internal/catalogue/fingerprint/2147483647").then().statusCode(404).body("error.code", equalTo(18));
        // malformed ids: AcoustID's error for an invalid identifier, never a server error
        for (String path : new String[] {"track/not-a-uuid", "track/1-2-3-4-5", "mbid/" + mbid + "x", "fingerprint/0",
                "fingerprint/-1", "fingerprint/99999999999", "fingerprint/1e3"}) {
            given().get("/internal/catalogue/" + path).then().statusCode(400).body("error.code", equalTo(7));
        }
    }

    @Inject
    CatalogueTotals totals;

    @Test
    void theCatalogueTotalsAreCountedByTheScheduledJobAndServedAsTheyWereCounted() throws Exception {
        TestCatalog catalog = new TestCatalog(dataSource);
        catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(746, 40)), UUID.randomUUID(), UUID.randomUUID());
        assertThat(totals.count()).isGreaterThanOrEqualTo(4);
        CatalogueStats stats = EventJson.mapper().readValue(
                given().get("/internal/catalogue/stats").then().statusCode(200).extract().asString(), CatalogueStats.class);
        long liveTracks = value("SELECT count(*) FROM track WHERE new_id IS NULL AND NOT disabled");
        assertThat(stats.date()).isNotNull();
        assertThat(stats.latest("track.all")).isEqualTo(liveTracks);
        assertThat(stats.latest("fingerprint.all")).isEqualTo(value("SELECT count(*) FROM fingerprint"));
        assertThat(stats.latest("mbid.all")).isEqualTo(value("SELECT count(DISTINCT mbid) FROM track_mbid WHERE NOT disabled"));
        long bucketed = 0;
        for (int n = 0; n <= 10; n++) {
            bucketed += stats.latest("track." + n + "mbids");
        }
        assertThat(bucketed).isEqualTo(liveTracks);
        assertThat(stats.latest("track.2mbids")).isGreaterThanOrEqualTo(1);
        assertThat(stats.days()).last().satisfies(day -> {
            assertThat(day.date()).isEqualTo(stats.date());
            assertThat(day.tracks()).isEqualTo(liveTracks);
        });
        // served as counted: a track added since is not in the totals until the next count
        catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(747, 40)));
        CatalogueStats unchanged = EventJson.mapper().readValue(
                given().get("/internal/catalogue/stats").then().statusCode(200).extract().asString(), CatalogueStats.class);
        assertThat(unchanged.latest("track.all")).isEqualTo(liveTracks);
    }

    private long value(String sql) throws Exception {
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
