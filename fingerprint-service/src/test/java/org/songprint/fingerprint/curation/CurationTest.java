package org.songprint.fingerprint.curation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.testsupport.AudioFixtures;

/** Merging tracks and disabling MBID links through the internal API, on real rows. */
@QuarkusTest
class CurationTest {

    static final String SECRET = "test-admin-secret";

    @Inject
    DataSource dataSource;

    @Test
    void mergingMovesFingerprintsSumsLinkCountsAndTheOldIdAnswersWithTheTarget() throws Exception {
        TestCatalog catalog = new TestCatalog(dataSource);
        UUID shared = UUID.randomUUID();
        UUID onlySource = UUID.randomUUID();
        AudioFixtures.Fpcalc a = AudioFixtures.fpcalc(AudioFixtures.melody(701, 40));
        AudioFixtures.Fpcalc b = AudioFixtures.fpcalc(AudioFixtures.melody(702, 40));
        TestCatalog.StoredTrack target = catalog.add(a, shared);
        TestCatalog.StoredTrack source = catalog.add(b, shared, onlySource);

        given().formParam("secret", SECRET).formParam("target", target.gid().toString())
                .formParam("source", source.gid().toString())
                .post("/internal/merge_tracks").then().statusCode(200)
                .body("status", equalTo("ok")).body("merged[0]", equalTo(source.gid().toString()));

        assertThat(value("SELECT track_id FROM fingerprint WHERE id = " + source.fingerprintId())).isEqualTo(target.id());
        // both tracks had the shared MBID with 3 submissions each (TestCatalog): one link with 6
        assertThat(value("SELECT submission_count FROM track_mbid WHERE track_id = " + target.id() + " AND mbid = '" + shared + "'"))
                .isEqualTo(6);
        assertThat(value("SELECT count(*) FROM track_mbid WHERE track_id = " + target.id())).isEqualTo(2);
        assertThat(value("SELECT count(*) FROM track_mbid WHERE track_id = " + source.id())).isZero();
        // a lookup of the old track id answers under that id with the target's links
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("trackid", source.gid().toString())
                .formParam("meta", "recordingids").post("/v2/lookup").then().statusCode(200)
                .body("results[0].id", equalTo(source.gid().toString()))
                .body("results[0].recordings.size()", equalTo(2));
        // merging again changes nothing; into itself or into a merged track is refused
        given().formParam("secret", SECRET).formParam("target", target.gid().toString())
                .formParam("source", source.gid().toString())
                .post("/internal/merge_tracks").then().statusCode(200).body("merged.size()", equalTo(0));
        given().formParam("secret", SECRET).formParam("target", source.gid().toString())
                .formParam("source", target.gid().toString())
                .post("/internal/merge_tracks").then().statusCode(400).body("error.code", equalTo(12));
    }

    @Test
    void disablingAnMbidHidesItAndIsAudited() throws Exception {
        TestCatalog catalog = new TestCatalog(dataSource);
        UUID mbid = UUID.randomUUID();
        TestCatalog.StoredTrack track = catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(703, 40)), mbid);

        given().formParam("secret", SECRET).formParam("track", track.gid().toString()).formParam("mbid", mbid.toString())
                .formParam("disabled", "1").formParam("account", 5).formParam("note", "wrong recording")
                .post("/internal/set_mbid_disabled").then().statusCode(200).body("changed", equalTo(true));
        given().queryParam("mbid", mbid.toString()).get("/v2/track/list_by_mbid").then().statusCode(200)
                .body("tracks.size()", equalTo(0));
        assertThat(value("SELECT count(*) FROM track_mbid_change c JOIN track_mbid m ON m.id = c.track_mbid_id "
                + "WHERE m.mbid = '" + mbid + "' AND c.disabled AND c.account_id = 5 AND c.note = 'wrong recording'")).isEqualTo(1);
        // the same state again is not a change
        given().formParam("secret", SECRET).formParam("track", track.gid().toString()).formParam("mbid", mbid.toString())
                .formParam("disabled", "true").post("/internal/set_mbid_disabled").then().statusCode(200)
                .body("changed", equalTo(false));
        given().formParam("secret", SECRET).formParam("track", track.gid().toString()).formParam("mbid", mbid.toString())
                .formParam("disabled", "0").post("/internal/set_mbid_disabled").then().statusCode(200);
        given().queryParam("mbid", mbid.toString()).get("/v2/track/list_by_mbid").then().body("tracks.size()", equalTo(1));
    }

    @Test
    void withoutTheSecretNothingHappens() throws Exception {
        UUID a = UUID.randomUUID();
        given().formParam("target", a.toString()).formParam("source", UUID.randomUUID().toString())
                .post("/internal/merge_tracks").then().statusCode(400).body("error.code", equalTo(12));
        given().formParam("secret", "guess").formParam("target", a.toString()).formParam("source", UUID.randomUUID().toString())
                .post("/internal/merge_tracks").then().statusCode(400).body("error.code", equalTo(12));
        given().formParam("secret", SECRET).formParam("target", a.toString()).formParam("source", UUID.randomUUID().toString())
                .post("/internal/merge_tracks").then().statusCode(400).body("error.code", equalTo(7));
    }

    private long value(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anAccountMakesAtMostTheHourlyNumberOfLinkChangesAndOperatorsAreNotLimited() throws Exception {
        TestCatalog catalog = new TestCatalog(dataSource);
        UUID mbid = UUID.randomUUID();
        TestCatalog.StoredTrack track = catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(704, 40)), mbid);
        int account = 900_000 + (int) (System.nanoTime() % 90_000);
        // the test profile allows 5 changes per hour per account
        for (int change = 0; change < 5; change++) {
            given().formParam("secret", SECRET).formParam("track", track.gid().toString()).formParam("mbid", mbid.toString())
                    .formParam("disabled", change % 2 == 0 ? "1" : "0").formParam("account", account)
                    .post("/internal/set_mbid_disabled").then().statusCode(200).body("changed", equalTo(true));
        }
        given().formParam("secret", SECRET).formParam("track", track.gid().toString()).formParam("mbid", mbid.toString())
                .formParam("disabled", "0").formParam("account", account)
                .post("/internal/set_mbid_disabled").then().statusCode(429).body("error.code", equalTo(14));
        // refused: nothing changed, nothing logged
        assertThat(value("SELECT count(*) FROM track_mbid_change WHERE account_id = " + account)).isEqualTo(5);
        assertThat(value("SELECT disabled::int FROM track_mbid WHERE track_id = " + track.id())).isEqualTo(1);
        // a note longer than a few sentences is refused
        given().formParam("secret", SECRET).formParam("track", track.gid().toString()).formParam("mbid", mbid.toString())
                .formParam("disabled", "0").formParam("note", "x".repeat(501))
                .post("/internal/set_mbid_disabled").then().statusCode(400);
        given().formParam("secret", SECRET).formParam("track", track.gid().toString()).formParam("mbid", mbid.toString())
                .formParam("disabled", "0").post("/internal/set_mbid_disabled").then().statusCode(200)
                .body("changed", equalTo(true));
    }
}
