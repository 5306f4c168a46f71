package org.songprint.ingest.submit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.LocalInfra;

/** /v2/submit: validation as AcoustID does it, durable storage, and publication through the outbox. */
@QuarkusTest
class SubmitResourceTest {

    static final AudioFixtures.Fpcalc FP = AudioFixtures.fpcalc(AudioFixtures.melody(601, 30));
    static final String CLIENT = "test-client-key";
    static final String USER = "test-user-key";

    @Inject
    DataSource dataSource;

    static RequestSpecification submit() {
        return given().formParam("client", CLIENT).formParam("user", USER).formParam("clientversion", "1.0");
    }

    @Test
    void aSubmissionIsStoredAnsweredPendingAndPublished() throws Exception {
        UUID mbid = UUID.randomUUID();
        int id = submit().formParam("fingerprint", FP.fingerprint()).formParam("duration", FP.duration())
                .formParam("mbid", mbid.toString()).formParam("bitrate", 192).formParam("fileformat", "FLAC")
                .post("/v2/submit").then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("submissions", hasSize(1))
                .body("submissions[0].status", equalTo("pending"))
                .body("submissions[0].index", nullValue())
                .extract().path("submissions[0].id");

        SubmissionEvent event = awaitPublished(id, mbid);
        assertThat(event.mbid()).isEqualTo(mbid);
        assertThat(event.fingerprint()).containsExactly(FP.raw());
        assertThat(event.length()).isEqualTo(FP.duration());
        assertThat(event.bitrate()).isEqualTo(192);
        assertThat(event.format()).isEqualTo("FLAC");
        assertThat(event.applicationVersion()).isEqualTo("1.0");
        assertThat(count("SELECT count(*) FROM pending_submission WHERE submission_id = " + id + " AND sent IS NOT NULL"))
                .isEqualTo(1);

        given().queryParam("client", CLIENT).queryParam("id", id).get("/v2/submission_status").then().statusCode(200)
                .body("submissions[0].id", equalTo(id)).body("submissions[0].status", equalTo("pending"));
    }

    @Test
    void batchEntriesGetOneSubmissionPerMbidAndTheirIndexAsAString() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        submit().formParam("fingerprint.0", FP.fingerprint()).formParam("duration.0", FP.duration())
                .formParam("mbid.0", first.toString()).formParam("mbid.0", second.toString())
                .formParam("fingerprint.1", FP.fingerprint()).formParam("duration.1", FP.duration())
                .formParam("track.1", "Title").formParam("artist.1", "Artist").formParam("year.1", 1999)
                .formParam("fingerprint.2", FP.fingerprint()).formParam("duration.2", FP.duration())
                .post("/v2/submit").then().statusCode(200)
                .body("submissions", hasSize(3))
                .body("submissions.index", contains("0", "0", "1"));
    }

    @Test
    void entriesWithoutMbidPuidOrMetadataAreDropped() throws Exception {
        long before = count("SELECT count(*) FROM submission");
        submit().formParam("fingerprint", FP.fingerprint()).formParam("duration", FP.duration())
                .formParam("bitrate", 128).post("/v2/submit").then().statusCode(200)
                .body("status", equalTo("ok")).body("submissions", empty());
        assertThat(count("SELECT count(*) FROM submission")).isEqualTo(before);
    }

    @Test
    void tagsAreStoredVerbatimWhateverTheyContain() throws Exception {
        String evil = "Robert'); DROP TABLE submission;-- \"x\" \\ % _ ñ 東京";
        int id = submit().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("fingerprint", FP.fingerprint()).formParam("duration", FP.duration())
                .formParam("track", evil).formParam("artist", "  A \t  B \u0000 C ")
                .post("/v2/submit").then().statusCode(200).extract().path("submissions[0].id");
        try (Connection connection = dataSource.getConnection();
                ResultSet rs = connection.createStatement().executeQuery(
                        "SELECT meta->>'track', meta->>'artist' FROM submission WHERE id = " + id)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(evil);
            assertThat(rs.getString(2)).isEqualTo("A B C");
        }
    }

    @Test
    void aBadEntryIsSkippedAndNamedWhileTheOthersAreStored() throws Exception {
        long before = count("SELECT count(*) FROM submission");
        UUID good = UUID.randomUUID();
        submit().formParam("fingerprint.0", FP.fingerprint()).formParam("duration.0", FP.duration())
                .formParam("mbid.0", good.toString())
                .formParam("fingerprint.1", FP.fingerprint()).formParam("duration.1", FP.duration())
                .formParam("mbid.1", UUID.randomUUID().toString()).formParam("mbid.1", "not-a-uuid")
                .post("/v2/submit").then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("submissions.index", contains("0"))
                .body("skipped_entries", hasSize(1))
                .body("skipped_entries[0].index", equalTo("1"))
                .body("skipped_entries[0].error.code", equalTo(7))
                .body("skipped_entries[0].error.message", equalTo("parameter \"mbid.1\" is not a valid UUID"));
        // the skipped entry is skipped whole: not even its valid MBID is stored
        assertThat(count("SELECT count(*) FROM submission")).isEqualTo(before + 1);
        assertThat(count("SELECT count(*) FROM submission WHERE mbid = '" + good + "'")).isEqualTo(1);
    }

    @Test
    void whenNoEntryPassesTheLastEntrysErrorIsTheAnswerAndNothingIsStored() throws Exception {
        long before = count("SELECT count(*) FROM submission");
        error(submit().formParam("fingerprint.0", "AQAB!!").formParam("duration.0", FP.duration())
                .formParam("mbid.0", UUID.randomUUID().toString())
                .formParam("fingerprint.1", FP.fingerprint()).formParam("duration.1", FP.duration())
                .formParam("mbid.1", "not-a-uuid").post("/v2/submit").then(), 400, 7, "parameter \"mbid.1\" is not a valid UUID");
        // a valid entry that links nothing still passed: the others are skipped, not the request
        submit().formParam("fingerprint.0", FP.fingerprint()).formParam("duration.0", FP.duration())
                .formParam("fingerprint.1", "AQAB!!").formParam("duration.1", FP.duration())
                .formParam("mbid.1", UUID.randomUUID().toString())
                .post("/v2/submit").then().statusCode(200).body("submissions", empty())
                .body("skipped_entries[0].error.code", equalTo(3));
        assertThat(count("SELECT count(*) FROM submission")).isEqualTo(before);
    }

    @Test
    void aBeetsChunkWithOneFileFpcalcFailedOnIsStoredButThatFile() throws Exception {
        // beets (pyacoustid's submit): the failed file keeps duration.N but has no fingerprint.N;
        // files without an MBID send their tags, empty ones as "" and missing numbers as 0
        UUID first = UUID.randomUUID();
        long before = count("SELECT count(*) FROM submission");
        submit().formParam("format", "json")
                .formParam("duration.0", FP.duration()).formParam("fingerprint.0", FP.fingerprint())
                .formParam("mbid.0", first.toString())
                .formParam("duration.1", 0)
                .formParam("duration.2", FP.duration()).formParam("fingerprint.2", FP.fingerprint())
                .formParam("track.2", "Song").formParam("artist.2", "Band").formParam("album.2", "")
                .formParam("albumartist.2", "").formParam("year.2", 0).formParam("trackno.2", 0).formParam("discno.2", 0)
                .post("/v2/submit").then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("submissions.index", contains("0", "2"))
                .body("skipped_entries", nullValue());
        assertThat(count("SELECT count(*) FROM submission")).isEqualTo(before + 2);
        assertThat(count("SELECT count(*) FROM submission WHERE meta->>'track' = 'Song' AND meta->>'year' IS NULL"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPicardBatchWithOneBadCachedFingerprintIsStoredButThatEntry() throws Exception {
        // Picard: plain form, clientversion, fingerprint.N + duration.N, mbid.N or the tags
        UUID first = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        long before = count("SELECT count(*) FROM submission");
        given().formParam("user", USER).formParam("client", CLIENT).formParam("clientversion", "2.13.3").formParam("format", "json")
                .formParam("fingerprint.0", FP.fingerprint()).formParam("duration.0", FP.duration())
                .formParam("mbid.0", first.toString())
                .formParam("fingerprint.1", FP.fingerprint().substring(0, 40)).formParam("duration.1", FP.duration())
                .formParam("mbid.1", UUID.randomUUID().toString())
                .formParam("fingerprint.2", FP.fingerprint()).formParam("duration.2", FP.duration())
                .formParam("mbid.2", third.toString()).formParam("puid.2", UUID.randomUUID().toString())
                .post("/v2/submit").then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("submissions.index", contains("0", "2"))
                .body("skipped_entries[0].index", equalTo("1"))
                .body("skipped_entries[0].error.code", equalTo(3))
                .body("skipped_entries[0].error.message", equalTo("invalid fingerprint"));
        assertThat(count("SELECT count(*) FROM submission")).isEqualTo(before + 2);
    }

    @Test
    void aQuodLibetBatchWithOneBadMbidAnswersXmlAndStoresTheRest() throws Exception {
        // Quod Libet: gzip-free here, format=xml, suffixes counting on from the previous batch,
        // mbid together with the tags, repeated artist.N, bitrate and fileformat
        long before = count("SELECT count(*) FROM submission");
        String xml = given().formParam("format", "xml").formParam("client", CLIENT).formParam("user", USER)
                .formParam("duration.50", FP.duration()).formParam("fingerprint.50", FP.fingerprint())
                .formParam("bitrate.50", 320).formParam("fileformat.50", "MP3")
                .formParam("mbid.50", UUID.randomUUID().toString()).formParam("track.50", "A")
                .formParam("artist.50", "X").formParam("artist.50", "Y").formParam("album.50", "Album")
                .formParam("duration.51", FP.duration()).formParam("fingerprint.51", FP.fingerprint())
                .formParam("mbid.51", "0f2a7c55-bad").formParam("track.51", "B").formParam("artist.51", "X")
                .formParam("duration.52", FP.duration()).formParam("fingerprint.52", FP.fingerprint())
                .formParam("track.52", "C").formParam("artist.52", "X").formParam("album.52", "Album")
                .post("/v2/submit").then().statusCode(200).contentType("text/xml").extract().asString();
        assertThat(xml).contains("<status>ok</status>")
                .contains("<skipped_entries><skipped_entry><error><code>7</code>"
                        + "<message>parameter \"mbid.51\" is not a valid UUID</message></error><index>51</index>"
                        + "</skipped_entry></skipped_entries>")
                .containsPattern("<submission><id>\\d+</id><index>50</index><status>pending</status></submission>"
                        + "<submission><id>\\d+</id><index>52</index><status>pending</status></submission>");
        assertThat(count("SELECT count(*) FROM submission")).isEqualTo(before + 2);
        assertThat(count("SELECT count(*) FROM submission WHERE meta->>'artist' = 'X' AND bitrate = 320 AND format = 'MP3'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void skippedEntriesAreNamedInJsonpToo() {
        String jsonp = submit().formParam("format", "jsonp").formParam("jsoncallback", "cb")
                .formParam("fingerprint.0", FP.fingerprint()).formParam("duration.0", FP.duration()).formParam("track.0", "T")
                .formParam("fingerprint.1", FP.fingerprint()).formParam("duration.1", -3).formParam("track.1", "T")
                .post("/v2/submit").then().statusCode(200).extract().asString();
        assertThat(jsonp).startsWith("cb({").endsWith("})")
                .contains("\"skipped_entries\":[{\"error\":{\"code\":8,\"message\":\"parameter \\\"duration.1\\\" must be a positive integer\"},\"index\":\"1\"}]");
    }

    @Test
    void everyValidationErrorAsAcoustId() {
        String fp = FP.fingerprint();
        error(given().formParam("user", USER).formParam("fingerprint", fp).formParam("duration", 30).post("/v2/submit").then(),
                400, 2, "missing required parameter \"client\"");
        error(given().formParam("client", "nope").formParam("user", USER).post("/v2/submit").then(), 400, 4, "invalid API key");
        error(given().formParam("client", CLIENT).post("/v2/submit").then(), 400, 2, "missing required parameter \"user\"");
        error(given().formParam("client", CLIENT).formParam("user", "nope").post("/v2/submit").then(), 400, 6,
                "invalid user API key (\"User with the API key does not exist\")");
        error(submit().post("/v2/submit").then(), 400, 2, "missing required parameter \"fingerprint\"");
        error(submit().formParam("fingerprint", fp).post("/v2/submit").then(), 400, 2, "missing required parameter \"duration\"");
        error(submit().formParam("fingerprint", fp).formParam("duration", "x").post("/v2/submit").then(), 400, 2,
                "missing required parameter \"duration\"");
        for (String duration : new String[] {"0", "-4", "32768"}) {
            error(submit().formParam("fingerprint", fp).formParam("duration", duration).post("/v2/submit").then(), 400, 8,
                    "parameter \"duration\" must be a positive integer");
        }
        error(submit().formParam("fingerprint", "AQAB!!").formParam("duration", 30).formParam("mbid", UUID.randomUUID().toString())
                .post("/v2/submit").then(), 400, 3, "invalid fingerprint");
        error(submit().formParam("fingerprint", fp).formParam("duration", 30).formParam("puid", "123").post("/v2/submit").then(),
                400, 7, "parameter \"puid\" is not a valid UUID");
        error(submit().formParam("fingerprint", fp).formParam("duration", 30).formParam("bitrate", "-1")
                .formParam("track", "t").post("/v2/submit").then(), 400, 9, "parameter \"bitrate\" must be a positive integer");
        error(submit().formParam("fingerprint", fp).formParam("duration", 30).formParam("foreignid", "Spotify:x")
                .post("/v2/submit").then(), 400, 10,
                "parameter \"foreignid\" is not a valid foreign ID, it must be in the format vendor:id");
        error(submit().formParam("format", "csv").post("/v2/submit").then(), 400, 1, "unknown format \"csv\"");
    }

    @Test
    void statusNeedsAClientAndAnswersEveryIdItIsAsked() {
        error(given().queryParam("id", 1).get("/v2/submission_status").then(), 400, 2, "missing required parameter \"client\"");
        // as AcoustID: no id is an empty answer, an id it does not know is pending
        given().queryParam("client", CLIENT).get("/v2/submission_status").then().statusCode(200)
                .body("status", equalTo("ok")).body("submissions", empty());
        given().queryParam("client", CLIENT).queryParam("id", 2_099_999_999).get("/v2/submission_status").then().statusCode(200)
                .body("submissions", hasSize(1))
                .body("submissions[0].id", equalTo(2_099_999_999)).body("submissions[0].status", equalTo("pending"));
    }

    @Test
    void multipartBodiesAreReadLikeFormBodies() throws Exception {
        UUID mbid = UUID.randomUUID();
        int id = given().multiPart("client", CLIENT).multiPart("user", USER)
                .multiPart("fingerprint.0", FP.fingerprint()).multiPart("duration.0", String.valueOf(FP.duration()))
                .multiPart("mbid.0", mbid.toString())
                .multiPart(new MultiPartSpecBuilder("Jóga").controlName("track.0").charset(StandardCharsets.UTF_8).build())
                .post("/v2/submit").then().statusCode(200)
                .body("status", equalTo("ok")).body("submissions[0].index", equalTo("0"))
                .extract().path("submissions[0].id");
        try (Connection connection = dataSource.getConnection();
                ResultSet rs = connection.createStatement().executeQuery(
                        "SELECT mbid, meta->>'track' FROM submission WHERE id = " + id)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1)).isEqualTo(mbid);
            assertThat(rs.getString(2)).as("multipart text parts are UTF-8").isEqualTo("Jóga");
        }
        given().multiPart("client", CLIENT).multiPart("id", String.valueOf(id)).post("/v2/submission_status")
                .then().statusCode(200).body("submissions[0].id", equalTo(id));
    }

    static void error(ValidatableResponse response, int status, int code, String message) {
        response.statusCode(status).body("status", equalTo("error")).body("error.code", equalTo(code))
                .body("error.message", equalTo(message));
    }

    private long count(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The event of submission {@code id} with {@code mbid} on the test topic. Test databases restart
     * their ids on every run while the topic keeps earlier runs' events, hence the MBID as well.
     */
    static SubmissionEvent awaitPublished(int id, UUID mbid) {
        EventDeserializer.Submission events = new EventDeserializer.Submission();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("test.submissions"));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    SubmissionEvent event;
                    try {
                        event = events.deserialize(record.topic(), record.value());
                    } catch (RuntimeException unreadable) {
                        continue; // other tests publish poison records to this topic on purpose
                    }
                    if (event != null && event.submissionId() == id && mbid.equals(event.mbid())) {
                        return event;
                    }
                }
            }
        }
        throw new AssertionError("submission " + id + " was not published within 20 s");
    }
}
