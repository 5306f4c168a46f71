package org.songprint.fingerprint;

import static io.restassured.RestAssured.given;
import static org.songprint.testsupport.GoldenCalls.FORMATS;
import static org.songprint.testsupport.GoldenCalls.formatQuery;
import static org.songprint.testsupport.GoldenCalls.get;
import static org.songprint.testsupport.GoldenCalls.gzip;
import static org.songprint.testsupport.GoldenCalls.inEveryFormat;
import static org.songprint.testsupport.GoldenCalls.post;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.common.api.RequestLimits;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.GoldenAnswers;
import org.songprint.testsupport.GoldenCalls;
import org.songprint.testsupport.RawHttp;

/**
 * Golden answers of fingerprint-service's public API: /v2/lookup (the meta shapes answered without
 * metadata-service), /v2/track/list_by_mbid, /v2/track/list_by_puid, /v2/fingerprint, the internal
 * curation calls' refusals, and every AcoustID error they answer, each in json, jsonp (callback
 * {@code cb}) and xml, compared byte for byte with {@code src/test/resources/golden/} (see
 * {@link GoldenAnswers}: track gids and fingerprint ids, which change every run, are placeholders).
 * The data is this class's own: fingerprints and MBIDs no other test uses.
 * {@code -Dsongprint.golden.update=true} rewrites the files from today's answers instead of comparing.
 */
@QuarkusTest
class GoldenAnswersTest {

    static final UUID RECORDING_1 = UUID.fromString("3c1e0c55-9b1e-4c7b-8d2e-000000000801");
    static final UUID RECORDING_2 = UUID.fromString("3c1e0c55-9b1e-4c7b-8d2e-000000000802");
    static final UUID DISABLED_RECORDING = UUID.fromString("3c1e0c55-9b1e-4c7b-8d2e-000000000803");
    static final UUID UNKNOWN_RECORDING = UUID.fromString("3c1e0c55-9b1e-4c7b-8d2e-000000000899");
    static final UUID UNKNOWN_TRACK = UUID.fromString("7d0a4a1e-5b8c-4f3e-9c2d-000000000899");

    static final AudioFixtures.Fpcalc SONG = synthetic(801);
    static final AudioFixtures.Fpcalc SONG_COPY = distorted(SONG);
    static final AudioFixtures.Fpcalc OTHER = synthetic(802);
    static final AudioFixtures.Fpcalc BARE = synthetic(803);
    static final AudioFixtures.Fpcalc UNRELATED = synthetic(899);
    static TestCatalog.StoredTrack songTrack;
    static TestCatalog.StoredTrack otherTrack;
    static TestCatalog.StoredTrack bareTrack;
    static TestCatalog.StoredTrack mergedTrack;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URL server;

    @BeforeEach
    void catalog() throws Exception {
        if (songTrack == null) {
            addCatalogue(new TestCatalog(dataSource));
        }
    }

    /**
     * song links RECORDING_1 and RECORDING_2 (sources 3 and 5); other links RECORDING_2 and, disabled,
     * DISABLED_RECORDING; bare links nothing; merged was merged into song.
     */
    private static void addCatalogue(TestCatalog catalog) throws Exception {
        songTrack = catalog.add(SONG, RECORDING_1, RECORDING_2);
        catalog.execute("UPDATE track_mbid SET submission_count = 5 WHERE track_id = ? AND mbid = ?", songTrack.id(),
                RECORDING_2);
        otherTrack = catalog.add(OTHER, RECORDING_2, DISABLED_RECORDING);
        catalog.execute("UPDATE track_mbid SET disabled = true WHERE mbid = ?", DISABLED_RECORDING);
        bareTrack = catalog.add(BARE);
        mergedTrack = catalog.add(synthetic(804));
        catalog.execute("UPDATE track SET new_id = ? WHERE id = ?", songTrack.id(), mergedTrack.id());
    }

    private static GoldenAnswers golden(String directory) {
        return new GoldenAnswers(directory).literal(songTrack.gid(), "track-song").literal(otherTrack.gid(), "track-other")
                .literal(bareTrack.gid(), "track-bare").literal(mergedTrack.gid(), "track-merged");
    }

    private static RequestSpecification lookup(RequestSpecification request, AudioFixtures.Fpcalc fingerprint) {
        return request.formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", fingerprint.duration())
                .formParam("fingerprint", fingerprint.fingerprint());
    }

    /** A form POST lookup of {@code fingerprint} asking for {@code meta}, checked in every format. */
    private static void lookupWithMeta(GoldenAnswers golden, String name, AudioFixtures.Fpcalc fingerprint, String meta) {
        inEveryFormat(golden, name, format -> lookup(post(format), fingerprint).formParam("meta", meta).post("/v2/lookup"));
    }

    // /v2/lookup

    @Test
    void lookupWithoutMeta() {
        GoldenAnswers golden = golden("lookup");
        inEveryFormat(golden, "no-meta", format -> lookup(post(format), SONG).post("/v2/lookup"));
        inEveryFormat(golden, "no-meta-get", format -> get(format).queryParam("client", TestCatalog.CLIENT_KEY)
                .queryParam("duration", SONG.duration()).queryParam("fingerprint", SONG.fingerprint()).get("/v2/lookup"));
        inEveryFormat(golden, "copy-scores-below-one", format -> lookup(post(format), SONG_COPY).post("/v2/lookup"));
        inEveryFormat(golden, "no-match", format -> lookup(post(format), UNRELATED).post("/v2/lookup"));
    }

    @Test
    void lookupWithRecordingIds() {
        GoldenAnswers golden = golden("lookup");
        lookupWithMeta(golden, "meta-recordingids", SONG, "recordingids");
        lookupWithMeta(golden, "meta-recordingids-sources", SONG, "recordingids+sources");
        lookupWithMeta(golden, "meta-legacy-1", SONG, "1");
        lookupWithMeta(golden, "meta-recordingids-disabled-link-left-out", OTHER, "recordingids");
        lookupWithMeta(golden, "meta-recordingids-track-without-mbids", BARE, "recordingids");
    }

    @Test
    void lookupWithMetadataShapesWhileMetadataServiceIsDown() {
        // no metadata-service in these tests: the degraded answers, ids (and sources) only
        GoldenAnswers golden = golden("lookup");
        Map<String, String> metaByAnswer = Map.of(
                "meta-picard-metadata-down", "recordings releasegroups releases tracks compress sources",
                "meta-recordings-compress-metadata-down", "recordings+compress",
                "meta-releasegroups-metadata-down", "releasegroups",
                "meta-releases-tracks-metadata-down", "releases tracks",
                "meta-isrcs-metadata-down", "isrcs");
        metaByAnswer.forEach((answer, meta) -> lookupWithMeta(golden, answer, SONG, meta));
    }

    @Test
    void excerptLookups() {
        GoldenAnswers golden = golden("lookup");
        // 120 items from item 100 of the song: a 15 s clip that begins 12.38 s in
        String clip = ChromaprintCodec.encode(1, Arrays.copyOfRange(SONG.raw(), 100, 220));
        String unrelated = ChromaprintCodec.encode(1, Arrays.copyOfRange(UNRELATED.raw(), 100, 220));
        TestCatalog.awaitFoundAsExcerpt(clip, 15, songTrack.gid());
        inEveryFormat(golden, "excerpt", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("duration", 15).formParam("fingerprint", clip).formParam("excerpt", 1)
                .formParam("meta", "recordingids").post("/v2/lookup"));
        inEveryFormat(golden, "excerpt-batch", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("batch", 1).formParam("excerpt", 1)
                .formParam("fingerprint.0", clip).formParam("duration.0", 15)
                .formParam("fingerprint.1", unrelated).formParam("duration.1", 15).post("/v2/lookup"));
    }

    @Test
    void lookupBatches() {
        GoldenAnswers golden = golden("lookup");
        // a bad query is skipped; the bare name's index is null
        inEveryFormat(golden, "batch", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("batch", 1).formParam("meta", "recordingids")
                .formParam("fingerprint", SONG.fingerprint()).formParam("duration", SONG.duration())
                .formParam("fingerprint.1", UNRELATED.fingerprint()).formParam("duration.1", UNRELATED.duration())
                .formParam("fingerprint.2", "not-a-fingerprint").formParam("duration.2", 30)
                .formParam("trackid.3", otherTrack.gid().toString())
                .formParam("fingerprint.4", BARE.fingerprint()).formParam("duration.4", BARE.duration())
                .post("/v2/lookup"));
        inEveryFormat(golden, "without-batch-only-the-first-query", format -> post(format)
                .formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("fingerprint.1", OTHER.fingerprint()).formParam("duration.1", OTHER.duration())
                .formParam("fingerprint.0", SONG.fingerprint()).formParam("duration.0", SONG.duration())
                .post("/v2/lookup"));
    }

    @Test
    void lookupByTrackId() {
        GoldenAnswers golden = golden("lookup");
        inEveryFormat(golden, "trackid", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("trackid", songTrack.gid().toString()).formParam("meta", "recordingids sources").post("/v2/lookup"));
        inEveryFormat(golden, "trackid-merged", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("trackid", mergedTrack.gid().toString()).formParam("meta", "recordingids").post("/v2/lookup"));
        inEveryFormat(golden, "trackid-unknown", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("trackid", UNKNOWN_TRACK.toString()).post("/v2/lookup"));
    }

    @Test
    void jsonpCallbacks() {
        GoldenAnswers golden = golden("lookup");
        golden.check("jsonp-default-callback.jsonp.txt",
                lookup(given().formParam("format", "jsonp"), SONG).post("/v2/lookup"));
        golden.check("jsonp-invalid-callback.jsonp.txt",
                lookup(given().formParam("format", "jsonp").formParam("jsoncallback", "alert(1)"), SONG).post("/v2/lookup"));
        golden.check("jsonp-dotted-callback.jsonp.txt",
                lookup(given().formParam("format", "jsonp").formParam("jsoncallback", "my.callback"), SONG).post("/v2/lookup"));
        golden.check("format-in-upper-case.xml.txt", lookup(given().formParam("format", " XML "), SONG).post("/v2/lookup"));
    }

    @Test
    void lookupErrors() {
        GoldenAnswers golden = golden("lookup");
        golden.check("error-1-unknown-format.yaml.txt", lookup(given().formParam("format", "yaml"), SONG).post("/v2/lookup"));
        inEveryFormat(golden, "error-2-missing-client", format -> post(format).formParam("duration", SONG.duration())
                .formParam("fingerprint", SONG.fingerprint()).post("/v2/lookup"));
        inEveryFormat(golden, "error-4-invalid-client", format -> post(format).formParam("client", "no-such-key")
                .formParam("duration", SONG.duration()).formParam("fingerprint", SONG.fingerprint()).post("/v2/lookup"));
        inEveryFormat(golden, "error-2-missing-fingerprint", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("duration", SONG.duration()).post("/v2/lookup"));
        inEveryFormat(golden, "error-2-missing-duration", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("fingerprint", SONG.fingerprint()).post("/v2/lookup"));
        inEveryFormat(golden, "error-2-non-integer-duration", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("fingerprint", SONG.fingerprint()).formParam("duration", "12.5").post("/v2/lookup"));
        inEveryFormat(golden, "error-8-invalid-duration", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("fingerprint", SONG.fingerprint()).formParam("duration", -5).post("/v2/lookup"));
        inEveryFormat(golden, "error-3-invalid-fingerprint", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("fingerprint", "AQAB!!").formParam("duration", 30).post("/v2/lookup"));
        inEveryFormat(golden, "error-7-invalid-trackid", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("trackid", "not-a-uuid").post("/v2/lookup"));
        inEveryFormat(golden, "error-11-invalid-maxdurationdiff",
                format -> lookup(post(format), SONG).formParam("maxdurationdiff", 31).post("/v2/lookup"));
        inEveryFormat(golden, "error-8-every-batch-query-failed-the-last-one-answers", format -> post(format)
                .formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", 1)
                .formParam("fingerprint.0", "garbage").formParam("duration.0", 30)
                .formParam("fingerprint.1", SONG.fingerprint()).formParam("duration.1", -3).post("/v2/lookup"));
    }

    @Test
    void lookupErrorsForTooLargeRequests() {
        GoldenAnswers golden = golden("lookup");
        inEveryFormat(golden, "error-19-too-many-fingerprint-queries", format -> {
            RequestSpecification request = post(format).formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", 1);
            for (int i = 0; i < 21; i++) {
                request.formParam("fingerprint." + i, SONG.fingerprint()).formParam("duration." + i, SONG.duration());
            }
            return request.post("/v2/lookup");
        });
        inEveryFormat(golden, "error-19-too-many-trackid-queries", format -> {
            RequestSpecification request = post(format).formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", 1);
            for (int i = 0; i < 101; i++) {
                request.formParam("trackid." + i, UNKNOWN_TRACK.toString());
            }
            return request.post("/v2/lookup");
        });
        int max = RequestLimits.MAX_ITEMS_PER_FINGERPRINT;
        inEveryFormat(golden, "error-19-fingerprint-too-long", format -> post(format).formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("duration", 8000).formParam("fingerprint", compactFingerprint(max + 1)).post("/v2/lookup"));
        inEveryFormat(golden, "error-19-too-many-items", format -> {
            RequestSpecification request = post(format).formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", 1);
            for (int i = 0; i < 3; i++) {
                request.formParam("fingerprint." + i, compactFingerprint(max)).formParam("duration." + i, 8000);
            }
            return request.post("/v2/lookup");
        });
        inEveryFormat(golden, "error-19-too-many-parameters", format -> {
            RequestSpecification request = lookup(post(format), SONG);
            for (int i = 0; i < 1001; i++) {
                request.formParam("x" + i, "1");
            }
            return request.post("/v2/lookup");
        });
    }

    @Test
    void errorsOfUnreadableBodiesAndRequestLines() throws Exception {
        // the body is read before the format is known: these answer in JSON whatever is asked
        GoldenAnswers golden = golden("lookup");
        byte[] large = ("client=" + TestCatalog.CLIENT_KEY + "&fingerprint=" + "A".repeat(1 << 20))
                .getBytes(StandardCharsets.UTF_8);
        for (String format : FORMATS) {
            golden.check("error-19-body-too-large." + format + ".txt", postBody("/v2/lookup", format, large, null));
            golden.check("error-19-gzip-body-inflating-too-large." + format + ".txt",
                    postBody("/v2/lookup", format, gzip(large), "gzip"));
            golden.check("error-2-corrupt-gzip-body." + format + ".txt",
                    postBody("/v2/lookup", format, new byte[] {31, -117, 8, 0, 1, 2, 3}, "gzip"));
            golden.check("error-2-unsupported-content-encoding." + format + ".txt",
                    postBody("/v2/lookup", format, "client=x".getBytes(StandardCharsets.UTF_8), "br"));
            String lookup = "/v2/lookup" + formatQuery(format) + "&client="
                    + TestCatalog.CLIENT_KEY + "&duration=" + SONG.duration() + "&fingerprint=" + SONG.fingerprint();
            golden.check("error-19-request-line-too-long." + format + ".txt",
                    GoldenAnswers.raw(server, RawHttp.getLineOf(lookup, RequestLimits.MAX_REQUEST_LINE + 1)));
        }
    }

    // /v2/track/list_by_mbid, /v2/track/list_by_puid, /v2/fingerprint

    @Test
    void listByMbid() {
        GoldenAnswers golden = golden("track-list-by-mbid");
        inEveryFormat(golden, "two-tracks", format -> get(format).queryParam("mbid", RECORDING_2.toString())
                .get("/v2/track/list_by_mbid"));
        inEveryFormat(golden, "post", format -> post(format).formParam("mbid", RECORDING_1.toString())
                .post("/v2/track/list_by_mbid"));
        inEveryFormat(golden, "unknown-mbid", format -> get(format).queryParam("mbid", UNKNOWN_RECORDING.toString())
                .get("/v2/track/list_by_mbid"));
        inEveryFormat(golden, "disabled-link-left-out", format -> get(format)
                .queryParam("mbid", DISABLED_RECORDING.toString()).get("/v2/track/list_by_mbid"));
        inEveryFormat(golden, "disabled-link-flagged", format -> get(format).queryParam("mbid", DISABLED_RECORDING.toString())
                .queryParam("disabled", 1).get("/v2/track/list_by_mbid"));
        inEveryFormat(golden, "disabled-asked-live-link", format -> get(format).queryParam("mbid", RECORDING_2.toString())
                .queryParam("disabled", 1).get("/v2/track/list_by_mbid"));
        inEveryFormat(golden, "without-batch-only-the-first-mbid", format -> get(format)
                .queryParam("mbid", RECORDING_1.toString(), RECORDING_2.toString()).get("/v2/track/list_by_mbid"));
    }

    @Test
    void listByMbidBatches() {
        GoldenAnswers golden = golden("track-list-by-mbid");
        // repeated mbid (the duplicate, upper-cased, answered once), an unknown one in between
        inEveryFormat(golden, "batch", format -> post(format).formParam("batch", 1)
                .formParam("mbid", RECORDING_1.toString(), UNKNOWN_RECORDING.toString(), RECORDING_2.toString(),
                        RECORDING_1.toString().toUpperCase(Locale.ROOT))
                .post("/v2/track/list_by_mbid"));
        // suffixed names as the other batch calls use them
        inEveryFormat(golden, "batch-suffixed-mbid-n", format -> post(format).formParam("batch", 1)
                .formParam("mbid.0", RECORDING_1.toString()).formParam("mbid.1", RECORDING_2.toString())
                .post("/v2/track/list_by_mbid"));
    }

    @Test
    void listByMbidErrors() {
        GoldenAnswers golden = golden("track-list-by-mbid");
        golden.check("error-1-unknown-format.yaml.txt", given().queryParam("format", "yaml")
                .queryParam("mbid", RECORDING_1.toString()).get("/v2/track/list_by_mbid"));
        inEveryFormat(golden, "error-2-missing-mbid", format -> get(format).get("/v2/track/list_by_mbid"));
        inEveryFormat(golden, "error-7-invalid-mbid", format -> get(format).queryParam("mbid", "nope")
                .get("/v2/track/list_by_mbid"));
        inEveryFormat(golden, "error-7-invalid-mbid-in-batch", format -> get(format).queryParam("batch", 1)
                .queryParam("mbid", RECORDING_1.toString(), "nope").get("/v2/track/list_by_mbid"));
    }

    @Test
    void listByPuid() {
        GoldenAnswers golden = golden("track-list-by-puid");
        inEveryFormat(golden, "always-empty", format -> get(format)
                .queryParam("puid", "5a8e3b2c-1d4f-4e6a-9b7c-000000000899").get("/v2/track/list_by_puid"));
        golden.check("error-1-unknown-format.yaml.txt", given().queryParam("format", "yaml").get("/v2/track/list_by_puid"));
    }

    @Test
    void fingerprintById() {
        GoldenAnswers golden = golden("fingerprint").field("id", songTrack.fingerprintId(), "fingerprint-id-song");
        inEveryFormat(golden, "known", format -> get(format).queryParam("id", songTrack.fingerprintId()).get("/v2/fingerprint"));
        inEveryFormat(golden, "error-18-unknown", format -> get(format).queryParam("id", 2_000_000_000).get("/v2/fingerprint"));
        inEveryFormat(golden, "error-18-not-a-number", format -> get(format).queryParam("id", "abc").get("/v2/fingerprint"));
        inEveryFormat(golden, "error-2-missing-id", format -> get(format).get("/v2/fingerprint"));
        golden.check("error-1-unknown-format.yaml.txt", given().queryParam("format", "yaml")
                .queryParam("id", songTrack.fingerprintId()).get("/v2/fingerprint"));
    }

    // the internal curation calls (AcoustID's internal API): only their refusals, which change nothing

    @Test
    void curationRefusals() {
        GoldenAnswers golden = golden("internal");
        inEveryFormat(golden, "merge-tracks-error-12-not-allowed", format -> post(format).formParam("secret", "wrong")
                .formParam("target", songTrack.gid().toString()).formParam("source", bareTrack.gid().toString())
                .post("/internal/merge_tracks"));
        inEveryFormat(golden, "merge-tracks-error-12-into-itself", format -> post(format)
                .formParam("secret", "test-admin-secret").formParam("target", songTrack.gid().toString())
                .formParam("source", songTrack.gid().toString()).post("/internal/merge_tracks"));
        inEveryFormat(golden, "merge-tracks-error-2-missing-target", format -> post(format)
                .formParam("secret", "test-admin-secret").formParam("source", bareTrack.gid().toString())
                .post("/internal/merge_tracks"));
        inEveryFormat(golden, "merge-tracks-error-7-invalid-source", format -> post(format)
                .formParam("secret", "test-admin-secret").formParam("target", songTrack.gid().toString())
                .formParam("source", "nope").post("/internal/merge_tracks"));
        inEveryFormat(golden, "set-mbid-disabled-error-12-not-allowed", format -> post(format)
                .formParam("track", songTrack.gid().toString()).formParam("mbid", RECORDING_1.toString())
                .formParam("disabled", 1).post("/internal/set_mbid_disabled"));
    }

    /** A form body sent byte for byte to {@code path}, asking for {@code format}. */
    private HttpResponse<byte[]> postBody(String path, String format, byte[] body, String encoding) {
        return GoldenCalls.postBody(server, path, format, body, "application/x-www-form-urlencoded", encoding);
    }

    /** A fingerprint of {@link AudioFixtures#pseudoRandomItems}: the same on every machine. */
    static AudioFixtures.Fpcalc synthetic(long seed) {
        int[] items = AudioFixtures.pseudoRandomItems(seed);
        return new AudioFixtures.Fpcalc(ChromaprintCodec.encode(1, items), items, 30);
    }

    /** A copy as a lossy re-encoding makes one: a bit flipped in every fifth item. */
    static AudioFixtures.Fpcalc distorted(AudioFixtures.Fpcalc source) {
        int[] items = source.raw().clone();
        for (int i = 0; i < items.length; i += 5) {
            items[i] ^= 1 << (i % 32);
        }
        return new AudioFixtures.Fpcalc(ChromaprintCodec.encode(1, items), items, source.duration());
    }

    /** A fingerprint of {@code items} equal items: tiny once compressed, long once decoded. */
    static String compactFingerprint(int items) {
        int[] hashes = new int[items];
        Arrays.fill(hashes, 0x1234567);
        return ChromaprintCodec.encode(1, hashes);
    }
}
