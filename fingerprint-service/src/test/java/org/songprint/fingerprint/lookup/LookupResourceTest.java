package org.songprint.fingerprint.lookup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.LookupEvent;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.LocalInfra;

/** /v2/lookup as AcoustID clients use it, against real fingerprints in the real index. */
@QuarkusTest
class LookupResourceTest {

    static final UUID MBID_B = UUID.fromString("0b5f8a3c-1111-4c0e-9a0e-00000000000b");
    static final UUID MBID_A = UUID.fromString("0a5f8a3c-1111-4c0e-9a0e-00000000000a");

    static AudioFixtures.Fpcalc original;
    static AudioFixtures.Fpcalc quieter;
    static AudioFixtures.Fpcalc mp3;
    static AudioFixtures.Fpcalc other;
    static AudioFixtures.Fpcalc unrelated;
    static TestCatalog.StoredTrack track;
    static TestCatalog.StoredTrack otherTrack;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/v2/lookup")
    URL lookupUrl;

    @BeforeEach
    void catalog() throws Exception {
        if (track != null) {
            return;
        }
        Path melody = AudioFixtures.melody(201, 50);
        original = AudioFixtures.fpcalc(melody);
        quieter = AudioFixtures.fpcalc(AudioFixtures.transformed(melody, "quieter", "vol", "0.4"));
        mp3 = AudioFixtures.fpcalc(AudioFixtures.mp3(melody, 64));
        other = AudioFixtures.fpcalc(AudioFixtures.melody(202, 40));
        unrelated = AudioFixtures.fpcalc(AudioFixtures.melody(299, 50));
        TestCatalog catalog = new TestCatalog(dataSource);
        track = catalog.add(original, MBID_B, MBID_A);
        otherTrack = catalog.add(other);
    }

    static RequestSpecification lookup(AudioFixtures.Fpcalc fingerprint) {
        return given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", fingerprint.duration())
                .formParam("fingerprint", fingerprint.fingerprint());
    }

    @Test
    void theOriginalAndItsCopiesFindTheTrack() {
        for (AudioFixtures.Fpcalc copy : new AudioFixtures.Fpcalc[] {original, quieter, mp3}) {
            lookup(copy).post("/v2/lookup").then().statusCode(200)
                    .header("Access-Control-Allow-Origin", "*")
                    .body("status", equalTo("ok"))
                    .body("results[0].id", equalTo(track.gid().toString()))
                    .body("results[0].score", greaterThan(0.8f));
        }
    }

    @Test
    void unrelatedAudioFindsNothing() {
        lookup(unrelated).post("/v2/lookup").then().statusCode(200)
                .body("status", equalTo("ok")).body("results", empty());
    }

    @Test
    void getWorksLikePost() {
        given().queryParam("client", TestCatalog.CLIENT_KEY).queryParam("duration", original.duration())
                .queryParam("fingerprint", original.fingerprint()).get("/v2/lookup")
                .then().statusCode(200).body("results[0].id", equalTo(track.gid().toString()))
                .body("results[0].score", equalTo(1.0f));
    }

    @Test
    void recordingIdsAreSortedAndCarrySourcesWhenAsked() {
        lookup(original).formParam("meta", "recordingids sources").post("/v2/lookup").then().statusCode(200)
                .body("results[0].recordings.id", contains(MBID_A.toString(), MBID_B.toString()))
                .body("results[0].recordings[0].sources", equalTo(3));
        lookup(original).formParam("meta", "recordings+compress").post("/v2/lookup").then().statusCode(200)
                .body("results[0].recordings.id", contains(MBID_A.toString(), MBID_B.toString()))
                .body("results[0].recordings[0].sources", nullValue());
        lookup(other).formParam("meta", "recordings").post("/v2/lookup").then().statusCode(200)
                .body("results[0].id", equalTo(otherTrack.gid().toString()))
                .body("results[0]", not(hasKey("recordings")));
    }

    @Test
    void withMetadataServiceDownFullMetaStillAnswersWithIds() {
        // no metadata-service in these tests: the degraded answer, never an error
        lookup(original).formParam("meta", "recordings releasegroups releases tracks compress sources")
                .post("/v2/lookup").then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("results[0].recordings.id", contains(MBID_A.toString(), MBID_B.toString()))
                .body("results[0].recordings[0].sources", equalTo(3))
                .body("results[0].recordings[0]", not(hasKey("title")));
    }

    @Test
    void isrcsAloneBringsTheRecordingsEvenWithMetadataServiceDown() {
        // as AcoustID: ISRCs belong to recordings, so asking for them alone brings the recordings
        lookup(original).formParam("meta", "isrcs").post("/v2/lookup").then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("results[0].recordings.id", contains(MBID_A.toString(), MBID_B.toString()));
    }

    @Test
    void multipartBodiesAreReadLikeFormBodies() {
        given().multiPart("client", TestCatalog.CLIENT_KEY).multiPart("duration", String.valueOf(original.duration()))
                .multiPart("fingerprint", original.fingerprint()).multiPart("meta", "recordingids")
                .post("/v2/lookup").then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("results[0].id", equalTo(track.gid().toString()))
                .body("results[0].recordings.id", contains(MBID_A.toString(), MBID_B.toString()));
        // a multipart body is bounded as a form body is: past 1 MiB it is error 19
        given().multiPart("client", TestCatalog.CLIENT_KEY).multiPart("fingerprint", "A".repeat(1 << 20))
                .post("/v2/lookup").then().statusCode(413).body("error.code", equalTo(19));
    }

    @Test
    void everyLookedUpFingerprintIsAStatisticsEvent() {
        String agent = "stats-test/" + UUID.randomUUID();
        try (var consumer = new KafkaConsumer<String, LookupEvent>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        LocalInfra.kafkaBootstrap()),
                new StringDeserializer(),
                new EventDeserializer.Lookup())) {
            var partitions = consumer.partitionsFor("test.lookups").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            lookup(original).header("User-Agent", agent).post("/v2/lookup").then().statusCode(200);
            lookup(unrelated).header("User-Agent", agent).post("/v2/lookup").then().statusCode(200);
            given().header("User-Agent", agent).formParam("client", TestCatalog.CLIENT_KEY)
                    .formParam("trackid", track.gid().toString()).post("/v2/lookup").then().statusCode(200);

            // the replica publishes its counts once per flush interval (1 s), one tally per user agent
            List<LookupEvent.Tally> seen = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            long settled = Long.MAX_VALUE; // once both are seen, one more interval for a wrongly counted third
            while (System.currentTimeMillis() < Math.min(deadline, settled)) {
                if (settled == Long.MAX_VALUE && seen.stream().mapToInt(tally -> tally.hits() + tally.misses()).sum() >= 2) {
                    settled = System.currentTimeMillis() + 1_500;
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        assertThat(record.value().eventId()).isNotNull();
                        record.value().tallies().stream().filter(tally -> agent.equals(tally.userAgent())).forEach(seen::add);
                    }
                }
            }
            assertThat(seen.stream().mapToInt(LookupEvent.Tally::hits).sum())
                    .as("one hit; a track-id query is not a lookup of audio").isEqualTo(1);
            assertThat(seen.stream().mapToInt(LookupEvent.Tally::misses).sum())
                    .isEqualTo(1);
            assertThat(seen).allSatisfy(tally -> {
                assertThat(tally.ip()).isNotBlank();
                assertThat(tally.hour().getEpochSecond() % 3600).isZero();
            });
        }
    }

    @Test
    void theDurationMustBeWithinMaxDurationDiff() {
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", original.duration() + 12)
                .formParam("fingerprint", original.fingerprint()).post("/v2/lookup")
                .then().statusCode(200).body("results", empty());
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", original.duration() + 12)
                .formParam("maxdurationdiff", 15).formParam("fingerprint", original.fingerprint()).post("/v2/lookup")
                .then().statusCode(200).body("results[0].id", equalTo(track.gid().toString()));
    }

    @Test
    void batchAnswersEveryQueryWithItsIndex() {
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", 1)
                .formParam("fingerprint.0", original.fingerprint()).formParam("duration.0", original.duration())
                .formParam("fingerprint.1", unrelated.fingerprint()).formParam("duration.1", unrelated.duration())
                .formParam("fingerprint.2", other.fingerprint()).formParam("duration.2", other.duration())
                .post("/v2/lookup").then().statusCode(200)
                .body("fingerprints", hasSize(3))
                .body("fingerprints.index", contains(0, 1, 2))
                .body("fingerprints[0].results[0].id", equalTo(track.gid().toString()))
                .body("fingerprints[1].results", empty())
                .body("fingerprints[2].results[0].id", equalTo(otherTrack.gid().toString()));
    }

    @Test
    void withoutBatchOnlyTheFirstQueryCounts() {
        given().formParam("client", TestCatalog.CLIENT_KEY)
                .formParam("fingerprint.1", other.fingerprint()).formParam("duration.1", other.duration())
                .formParam("fingerprint", original.fingerprint()).formParam("duration", original.duration())
                .post("/v2/lookup").then().statusCode(200)
                .body("results", hasSize(1)).body("results[0].id", equalTo(track.gid().toString()));
    }

    @Test
    void batchSkipsInvalidQueries() {
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("batch", "1")
                .formParam("fingerprint.0", "not-a-fingerprint").formParam("duration.0", 50)
                .formParam("fingerprint.1", other.fingerprint()).formParam("duration.1", other.duration())
                .post("/v2/lookup").then().statusCode(200)
                .body("fingerprints", hasSize(1)).body("fingerprints[0].index", equalTo(1));
    }

    @Test
    void trackIdLookupScoresOneAndFollowsMerges() throws Exception {
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("trackid", track.gid().toString())
                .formParam("meta", "recordingids").post("/v2/lookup").then().statusCode(200)
                .body("results[0].id", equalTo(track.gid().toString())).body("results[0].score", equalTo(1.0f))
                .body("results[0].recordings", hasSize(2));

        TestCatalog catalog = new TestCatalog(dataSource);
        TestCatalog.StoredTrack merged = catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(203, 40)));
        catalog.execute("UPDATE track SET new_id = ? WHERE id = ?", track.id(), merged.id());
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("trackid", merged.gid().toString())
                .formParam("meta", "recordingids").post("/v2/lookup").then().statusCode(200)
                .body("results[0].id", equalTo(merged.gid().toString()))
                .body("results[0].recordings.id", contains(MBID_A.toString(), MBID_B.toString()));
    }

    @Test
    void disabledTracksAreNeverReturned() throws Exception {
        TestCatalog catalog = new TestCatalog(dataSource);
        AudioFixtures.Fpcalc hidden = AudioFixtures.fpcalc(AudioFixtures.melody(204, 40));
        TestCatalog.StoredTrack stored = catalog.add(hidden);
        catalog.execute("UPDATE track SET disabled = true WHERE id = ?", stored.id());
        lookup(hidden).post("/v2/lookup").then().statusCode(200).body("results", empty());
        given().formParam("client", TestCatalog.CLIENT_KEY).formParam("trackid", stored.gid().toString())
                .post("/v2/lookup").then().statusCode(200).body("results", empty());
    }

    @Test
    void gzipBodiesAreAccepted() throws Exception {
        String form = "client=" + TestCatalog.CLIENT_KEY + "&duration=" + original.duration() + "&fingerprint="
                + URLEncoder.encode(original.fingerprint(), StandardCharsets.UTF_8) + "&meta=recordingids";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(form.getBytes(StandardCharsets.UTF_8));
        }
        // as pyacoustid sends it: a gzip-compressed form body
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(lookupUrl.toURI())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(track.gid().toString());
    }

    @Test
    void xmlAndJsonpFormats() {
        lookup(original).formParam("format", "xml").post("/v2/lookup").then().statusCode(200)
                .contentType(containsString("xml"))
                .body(containsString("<response><results><result><id>" + track.gid() + "</id>"))
                .body(containsString("<status>ok</status>"));
        lookup(original).formParam("format", "jsonp").formParam("jsoncallback", "my.callback").post("/v2/lookup")
                .then().statusCode(200).contentType(containsString("javascript"))
                .body(startsWith("my.callback({\"results\":[{\"id\":\"" + track.gid()));
        lookup(original).formParam("format", "jsonp").formParam("jsoncallback", "alert(1)").post("/v2/lookup")
                .then().statusCode(200).body(startsWith("jsonAcoustidApi("));
    }

    @Test
    void jsonKeysAreSorted() {
        String body = lookup(original).formParam("meta", "recordingids sources").post("/v2/lookup").asString();
        assertThat(body).startsWith("{\"results\":[{\"id\":");
        assertThat(body).contains("\"score\":1.0}],\"status\":\"ok\"}")
                .contains("{\"id\":\"" + MBID_A + "\",\"sources\":3}");
    }
}
