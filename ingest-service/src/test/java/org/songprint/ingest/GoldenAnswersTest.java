package org.songprint.ingest;

import static io.restassured.RestAssured.given;
import static org.songprint.testsupport.GoldenCalls.FORMATS;
import static org.songprint.testsupport.GoldenCalls.formatQuery;
import static org.songprint.testsupport.GoldenCalls.get;
import static org.songprint.testsupport.GoldenCalls.gzip;
import static org.songprint.testsupport.GoldenCalls.inEveryFormat;
import static org.songprint.testsupport.GoldenCalls.post;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.songprint.common.api.RequestLimits;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.event.Event;
import org.songprint.common.event.EventProducers;
import org.songprint.common.event.SubmissionResultEvent;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.GoldenAnswers;
import org.songprint.testsupport.GoldenCalls;
import org.songprint.testsupport.LocalInfra;
import org.songprint.testsupport.RawHttp;

/**
 * Golden answers of ingest-service's public API: /v2/submit (a good batch, a batch with skipped
 * entries, refused requests), /v2/submission_status (ids imported, rejected, pending, unknown,
 * repeated), the internal replay's refusal, and every AcoustID error they answer, each in json,
 * jsonp (callback {@code cb}) and xml, compared byte for byte with {@code src/test/resources/golden/}
 * (see {@link GoldenAnswers}: submission ids and track gids, which change every run, are
 * placeholders). {@code -Dsongprint.golden.update=true} rewrites the files instead of comparing.
 */
@QuarkusTest
class GoldenAnswersTest {

    static final String CLIENT = "test-client-key";
    static final String USER = "test-user-key";
    static final String FINGERPRINT = synthetic(611);
    static final String MBID_1 = "5f0b4c2e-7a1d-4e8b-9c3f-000000000611";
    static final String MBID_2 = "5f0b4c2e-7a1d-4e8b-9c3f-000000000612";
    static final String PUID = "5f0b4c2e-7a1d-4e8b-9c3f-000000000619";

    @TestHTTPResource("/")
    URL server;

    /** Submission ids (numbered in order of appearance in each answer) are placeholders. */
    private static GoldenAnswers submitGolden() {
        return new GoldenAnswers("submit").numbered("id", "submission");
    }

    private static RequestSpecification submit(String format) {
        return post(format).formParam("client", CLIENT).formParam("user", USER).formParam("clientversion", "1.0");
    }

    // /v2/submit

    @Test
    void submissionsStored() {
        GoldenAnswers golden = submitGolden();
        inEveryFormat(golden, "single", format -> submit(format).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", 30).formParam("mbid", MBID_1).formParam("bitrate", 192).formParam("fileformat", "FLAC")
                .post("/v2/submit"));
        inEveryFormat(golden, "single-get", format -> get(format).queryParam("client", CLIENT).queryParam("user", USER)
                .queryParam("fingerprint", FINGERPRINT).queryParam("duration", 30).queryParam("mbid", MBID_1)
                .get("/v2/submit"));
        // two MBIDs (two submissions, one index), tags only, a PUID only, and one linking nothing (dropped)
        inEveryFormat(golden, "batch", format -> submit(format)
                .formParam("fingerprint.0", FINGERPRINT).formParam("duration.0", 30).formParam("mbid.0", MBID_1, MBID_2)
                .formParam("fingerprint.1", FINGERPRINT).formParam("duration.1", 30).formParam("track.1", "Title")
                .formParam("artist.1", "Artist").formParam("year.1", 1999)
                .formParam("fingerprint.2", FINGERPRINT).formParam("duration.2", 30).formParam("puid.2", PUID)
                .formParam("fingerprint.3", FINGERPRINT).formParam("duration.3", 30)
                .post("/v2/submit"));
        inEveryFormat(golden, "nothing-linked-nothing-stored", format -> submit(format).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", 30).formParam("bitrate", 128).post("/v2/submit"));
    }

    @Test
    void batchWithSkippedEntries() {
        GoldenAnswers golden = submitGolden();
        inEveryFormat(golden, "batch-with-skipped-entries", format -> {
            RequestSpecification request = submit(format)
                    .formParam("fingerprint.0", FINGERPRINT).formParam("duration.0", 30).formParam("mbid.0", MBID_1)
                    .formParam("fingerprint.1", FINGERPRINT).formParam("duration.1", 30).formParam("mbid.1", MBID_2, "not-a-uuid")
                    .formParam("fingerprint.2", "AQAB!!").formParam("duration.2", 30).formParam("mbid.2", MBID_1)
                    .formParam("fingerprint.3", FINGERPRINT).formParam("duration.3", -3).formParam("track.3", "T")
                    .formParam("fingerprint.4", FINGERPRINT).formParam("duration.4", 30).formParam("bitrate.4", -1)
                    .formParam("track.4", "T")
                    .formParam("fingerprint.5", FINGERPRINT).formParam("duration.5", 30).formParam("foreignid.5", "Spotify:x")
                    .formParam("fingerprint.6", FINGERPRINT).formParam("duration.6", 30).formParam("puid.6", "123")
                    .formParam("fingerprint.7", FINGERPRINT).formParam("duration.7", "x").formParam("mbid.7", MBID_1)
                    .formParam("fingerprint.8", " ").formParam("duration.8", 30).formParam("mbid.8", MBID_1)
                    .formParam("fingerprint.9", FINGERPRINT).formParam("duration.9", 30).formParam("track.9", "Last");
            for (int i = 0; i < 11; i++) {
                request.formParam("mbid.10", String.format("5f0b4c2e-7a1d-4e8b-9c3f-0000000007%02d", i));
            }
            return request.formParam("fingerprint.10", FINGERPRINT).formParam("duration.10", 30).post("/v2/submit");
        });
        // a bare-named entry that fails is named without an index
        inEveryFormat(golden, "skipped-bare-entry", format -> submit(format)
                .formParam("fingerprint", "AQAB!!").formParam("duration", 30).formParam("mbid", MBID_1)
                .formParam("fingerprint.1", FINGERPRINT).formParam("duration.1", 30).formParam("mbid.1", MBID_2)
                .post("/v2/submit"));
        // an entry that passed but links nothing: nothing stored, yet the request is no error
        inEveryFormat(golden, "nothing-stored-one-skipped", format -> submit(format)
                .formParam("fingerprint.0", FINGERPRINT).formParam("duration.0", 30)
                .formParam("fingerprint.1", "AQAB!!").formParam("duration.1", 30).formParam("mbid.1", MBID_1)
                .post("/v2/submit"));
    }

    @Test
    void refusedSubmissions() {
        GoldenAnswers golden = submitGolden();
        golden.check("error-1-unknown-format.yaml.txt", given().formParam("format", "yaml").formParam("client", CLIENT)
                .formParam("user", USER).post("/v2/submit"));
        inEveryFormat(golden, "error-7-every-entry-failed-the-last-one-answers", format -> submit(format)
                .formParam("fingerprint.0", "AQAB!!").formParam("duration.0", 30).formParam("mbid.0", MBID_1)
                .formParam("fingerprint.1", FINGERPRINT).formParam("duration.1", 30).formParam("mbid.1", "not-a-uuid")
                .post("/v2/submit"));
        inEveryFormat(golden, "error-2-missing-client", format -> post(format).formParam("user", USER)
                .formParam("fingerprint", FINGERPRINT).formParam("duration", 30).post("/v2/submit"));
        inEveryFormat(golden, "error-4-invalid-client", format -> post(format).formParam("client", "no-such-key")
                .formParam("user", USER).post("/v2/submit"));
        inEveryFormat(golden, "error-2-missing-user", format -> post(format).formParam("client", CLIENT).post("/v2/submit"));
        inEveryFormat(golden, "error-6-invalid-user", format -> post(format).formParam("client", CLIENT)
                .formParam("user", "no-such-user").post("/v2/submit"));
        inEveryFormat(golden, "error-2-missing-fingerprint", format -> submit(format).formParam("duration", 30)
                .post("/v2/submit"));
        inEveryFormat(golden, "error-2-missing-duration", format -> submit(format).formParam("fingerprint", FINGERPRINT)
                .post("/v2/submit"));
        inEveryFormat(golden, "error-2-non-integer-duration", format -> submit(format).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", "x").post("/v2/submit"));
        inEveryFormat(golden, "error-8-invalid-duration", format -> submit(format).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", 32768).post("/v2/submit"));
        inEveryFormat(golden, "error-3-invalid-fingerprint", format -> submit(format).formParam("fingerprint", "AQAB!!")
                .formParam("duration", 30).formParam("mbid", MBID_1).post("/v2/submit"));
        inEveryFormat(golden, "error-7-invalid-puid", format -> submit(format).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", 30).formParam("puid", "123").post("/v2/submit"));
        inEveryFormat(golden, "error-7-invalid-mbid", format -> submit(format).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", 30).formParam("mbid", "not-a-uuid").post("/v2/submit"));
        inEveryFormat(golden, "error-9-invalid-bitrate", format -> submit(format).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", 30).formParam("bitrate", -1).formParam("track", "t").post("/v2/submit"));
        inEveryFormat(golden, "error-10-invalid-foreignid", format -> submit(format).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", 30).formParam("foreignid", "Spotify:x").post("/v2/submit"));
    }

    @Test
    void refusedAsTooLarge() {
        GoldenAnswers golden = submitGolden();
        int max = RequestLimits.MAX_ITEMS_PER_FINGERPRINT;
        inEveryFormat(golden, "error-19-fingerprint-too-long", format -> submit(format)
                .formParam("fingerprint", compactFingerprint(max + 1)).formParam("duration", 8000).formParam("mbid", MBID_1)
                .post("/v2/submit"));
        inEveryFormat(golden, "error-19-too-many-mbids", format -> {
            RequestSpecification request = submit(format).formParam("fingerprint", FINGERPRINT).formParam("duration", 30);
            for (int i = 0; i < 11; i++) {
                request.formParam("mbid", String.format("5f0b4c2e-7a1d-4e8b-9c3f-0000000007%02d", i));
            }
            return request.post("/v2/submit");
        });
        // two legal entries of the longest fingerprint, ten MBIDs each: more items than a request may store
        inEveryFormat(golden, "error-19-too-many-stored-items", format -> {
            RequestSpecification request = submit(format);
            for (int entry = 0; entry < 2; entry++) {
                request.formParam("fingerprint." + entry, compactFingerprint(max)).formParam("duration." + entry, 8000);
                for (int i = 0; i < 10; i++) {
                    request.formParam("mbid." + entry, String.format("5f0b4c2e-7a1d-4e8b-9c3f-0000000008%02d", i));
                }
            }
            return request.post("/v2/submit");
        });
        inEveryFormat(golden, "error-19-too-many-parameters", format -> {
            RequestSpecification request = submit(format).formParam("fingerprint", FINGERPRINT).formParam("duration", 30);
            for (int i = 0; i < 1001; i++) {
                request.formParam("x" + i, "1");
            }
            return request.post("/v2/submit");
        });
    }

    @Test
    void errorsOfUnreadableBodiesAndRequestLines() throws Exception {
        // the body is read before the format is known: these answer in JSON whatever is asked
        GoldenAnswers golden = submitGolden();
        byte[] large = ("client=" + CLIENT + "&user=" + USER + "&fingerprint=" + "A".repeat(1 << 20))
                .getBytes(StandardCharsets.UTF_8);
        for (String format : FORMATS) {
            golden.check("error-19-body-too-large." + format + ".txt",
                    postBody("/v2/submit", format, large, "application/x-www-form-urlencoded", null));
            golden.check("error-19-gzip-body-inflating-too-large." + format + ".txt",
                    postBody("/v2/submit", format, gzip(large), "application/x-www-form-urlencoded", "gzip"));
            golden.check("error-2-corrupt-gzip-body." + format + ".txt", postBody("/v2/submit", format,
                    new byte[] {31, -117, 8, 0, 1, 2, 3}, "application/x-www-form-urlencoded", "gzip"));
            golden.check("error-2-multipart-body-without-boundary." + format + ".txt", postBody("/v2/submit", format,
                    "client=x".getBytes(StandardCharsets.UTF_8), "multipart/form-data", null));
            String submit = "/v2/submit" + formatQuery(format) + "&client="
                    + CLIENT + "&user=" + USER + "&duration=30&mbid=" + MBID_1 + "&fingerprint=" + FINGERPRINT;
            golden.check("error-19-request-line-too-long." + format + ".txt",
                    GoldenAnswers.raw(server, RawHttp.getLineOf(submit, RequestLimits.MAX_REQUEST_LINE + 1)));
        }
    }

    // /v2/submission_status

    @Test
    void statusOfKnownUnknownAndRepeatedIds() throws Exception {
        int imported = submitOne(MBID_1);
        int rejected = submitOne(MBID_2);
        int pending = submitOne(MBID_1);
        UUID track = UUID.randomUUID();
        try (KafkaProducer<String, Event> producer = EventProducers.reliable(LocalInfra.kafkaBootstrap(), "golden-results")) {
            publishUntil(producer, new SubmissionResultEvent(SubmissionResultEvent.SCHEMA_VERSION, imported,
                    SubmissionResultEvent.Status.IMPORTED, 77L, track, 88L, null, Instant.now()), "imported");
            publishUntil(producer, new SubmissionResultEvent(SubmissionResultEvent.SCHEMA_VERSION, rejected,
                    SubmissionResultEvent.Status.REJECTED, null, null, null, "fingerprint has fewer than 80 distinct items",
                    Instant.now()), "rejected");
        }
        GoldenAnswers golden = new GoldenAnswers("submission-status").field("id", imported, "submission-imported")
                .field("id", rejected, "submission-rejected").field("id", pending, "submission-pending")
                .literal(track, "track-imported");
        // AcoustID answers the ids as asked: unknown ones pending, repeats repeated, non-integers dropped
        inEveryFormat(golden, "known-unknown-repeated", format -> get(format).queryParam("client", CLIENT)
                .queryParam("id", imported, rejected, pending, 2_099_999_999, "x", imported, " " + pending + " ", 0, -3)
                .get("/v2/submission_status"));
        inEveryFormat(golden, "imported-post", format -> post(format).formParam("client", CLIENT).formParam("id", imported)
                .post("/v2/submission_status"));
        inEveryFormat(golden, "unknown", format -> get(format).queryParam("client", CLIENT).queryParam("id", 2_099_999_999)
                .get("/v2/submission_status"));
        inEveryFormat(golden, "no-ids", format -> get(format).queryParam("client", CLIENT).get("/v2/submission_status"));
    }

    @Test
    void statusErrors() {
        GoldenAnswers golden = new GoldenAnswers("submission-status");
        golden.check("error-1-unknown-format.yaml.txt", given().queryParam("format", "yaml").queryParam("client", CLIENT)
                .queryParam("id", 1).get("/v2/submission_status"));
        inEveryFormat(golden, "error-2-missing-client", format -> get(format).queryParam("id", 1).get("/v2/submission_status"));
        inEveryFormat(golden, "error-4-invalid-client", format -> get(format).queryParam("client", "no-such-key")
                .queryParam("id", 1).get("/v2/submission_status"));
        inEveryFormat(golden, "error-19-too-many-ids", format -> {
            RequestSpecification request = post(format).formParam("client", CLIENT);
            for (int i = 1; i <= 1001; i++) {
                request.formParam("id", 2_099_990_000 + i);
            }
            return request.post("/v2/submission_status");
        });
    }

    // the internal replay (AcoustID's internal API): only its refusal, which changes nothing

    @Test
    void replayRefusal() {
        GoldenAnswers golden = new GoldenAnswers("internal");
        inEveryFormat(golden, "backlog-replay-error-12-not-allowed", format -> post(format).formParam("secret", "wrong")
                .post("/internal/backlog/replay"));
        inEveryFormat(golden, "backlog-replay-error-2-invalid-id", format -> post(format)
                .formParam("secret", "test-admin-secret").formParam("id", "x").post("/internal/backlog/replay"));
    }

    private static int submitOne(String mbid) {
        return given().formParam("client", CLIENT).formParam("user", USER).formParam("fingerprint", FINGERPRINT)
                .formParam("duration", 30).formParam("mbid", mbid).post("/v2/submit").then().statusCode(200)
                .extract().path("submissions[0].id");
    }

    /**
     * Publishes the result, again every second until the status shows it: the consumer may still be
     * joining its group when the first copy goes out, and repeats are harmless to an idempotent consumer.
     * A send that fails is tried again too: other tests stop and start the broker on purpose.
     */
    private static void publishUntil(KafkaProducer<String, Event> producer, SubmissionResultEvent result, String expected)
            throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                producer.send(new ProducerRecord<>("test.submission-results", Long.toString(result.submissionId()), result))
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                continue;
            }
            for (int i = 0; i < 10; i++) {
                JsonPath status = given().queryParam("client", CLIENT).queryParam("id", result.submissionId())
                        .get("/v2/submission_status").then().statusCode(200).extract().jsonPath();
                if (expected.equals(status.getString("submissions[0].status"))) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("submission " + result.submissionId() + " never became " + expected);
    }

    /** A body sent byte for byte to {@code path}, asking for {@code format}. */
    private HttpResponse<byte[]> postBody(String path, String format, byte[] body, String contentType, String encoding) {
        return GoldenCalls.postBody(server, path, format, body, contentType, encoding);
    }

    /** The fingerprint of {@link AudioFixtures#pseudoRandomItems}, the same on every machine. */
    static String synthetic(long seed) {
        return ChromaprintCodec.encode(1, AudioFixtures.pseudoRandomItems(seed));
    }

    /** A fingerprint of {@code items} equal items: tiny once compressed, long once decoded. */
    static String compactFingerprint(int items) {
        int[] hashes = new int[items];
        Arrays.fill(hashes, 0x5A5A5A5A);
        return ChromaprintCodec.encode(1, hashes);
    }
}
