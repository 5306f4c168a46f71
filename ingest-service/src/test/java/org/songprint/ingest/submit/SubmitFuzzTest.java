package org.songprint.ingest.submit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.AudioFixtures;

/**
 * Hostile /v2/submit requests, generated from a fixed seed: random mixes of valid and broken
 * parameters, suffixes, odd Unicode, SQL metacharacters, invalid UTF-8, truncated or fake gzip and
 * oversized bodies. Every answer must be AcoustID-shaped JSON without a 5xx, and an error answer
 * must leave no row behind.
 */
@QuarkusTest
class SubmitFuzzTest {

    static final AudioFixtures.Fpcalc FP = AudioFixtures.fpcalc(AudioFixtures.melody(631, 30));
    static final String[] NAMES = {"fingerprint", "duration", "mbid", "puid", "foreignid", "bitrate", "fileformat", "track",
        "artist", "album", "albumartist", "year", "trackno", "discno", "client", "user", "clientversion", "format", "wait",
        "batch", "x", ""};
    static final String[] SUFFIXES = {"", ".0", ".1", ".7", ".-1", ".a", ".", ".999999999999", "..1"};

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/v2/submit")
    URL submitUrl;

    @Test
    void hostileRequestsGetJsonAnswersAndErrorsWriteNothing() throws Exception {
        Random random = new Random(20261125);
        int errors = 0;
        int accepted = 0;
        for (int i = 0; i < 400; i++) {
            byte[] body = form(random);
            String encoding = null;
            switch (random.nextInt(8)) {
                case 0 -> { body = gzip(body); encoding = "gzip"; }
                case 1 -> { body = truncate(gzip(body), random); encoding = "gzip"; }
                case 2 -> encoding = "gzip"; // claims gzip, is not
                case 3 -> body = withInvalidUtf8(body, random);
                default -> { }
            }
            long before = count();
            HttpRequest.Builder request = HttpRequest.newBuilder(submitUrl.toURI())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (encoding != null) {
                request.header("Content-Encoding", encoding);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            assertThat(response.statusCode()).as("request %d: %s", i, text).isLessThan(500);
            JsonPath json = JsonPath.from(text);
            String status = json.getString("status");
            assertThat(status).as("request %d: %s", i, text).isIn("ok", "error");
            if ("error".equals(status)) {
                errors++;
                assertThat(json.getInt("error.code")).isPositive();
                assertThat(count()).as("request %d wrote rows although it failed: %s", i, text).isEqualTo(before);
            } else {
                accepted++;
            }
        }
        // both paths were exercised
        assertThat(errors).isGreaterThan(50);
        assertThat(accepted).isGreaterThan(5);
    }

    @Test
    void anOversizedBodyIsRefusedWithError19() {
        String big = "client=test-client-key&user=test-user-key&track=" + "a".repeat(3 << 20);
        Response response = given().contentType("application/x-www-form-urlencoded").body(big).post("/v2/submit");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.jsonPath().getInt("error.code")).isEqualTo(19);
    }

    private static byte[] form(Random random) {
        List<String> pairs = new ArrayList<>();
        // mostly with valid keys, so the validation beyond the keys is reached too
        if (random.nextInt(5) > 0) {
            pairs.add("client=test-client-key");
        }
        if (random.nextInt(5) > 0) {
            pairs.add("user=test-user-key");
        }
        if (random.nextInt(3) > 0) {
            String suffix = SUFFIXES[random.nextInt(3)];
            pairs.add("fingerprint" + suffix + "=" + enc(FP.fingerprint()));
            pairs.add("duration" + suffix + "=" + FP.duration());
            pairs.add("mbid" + suffix + "=" + UUID.randomUUID());
        }
        int extra = random.nextInt(8);
        for (int i = 0; i < extra; i++) {
            pairs.add(enc(NAMES[random.nextInt(NAMES.length)] + SUFFIXES[random.nextInt(SUFFIXES.length)]) + "="
                    + enc(value(random)));
        }
        Collections.shuffle(pairs, random);
        return String.join("&", pairs).getBytes(StandardCharsets.UTF_8);
    }

    private static String value(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> "";
            case 1 -> Integer.toString(random.nextInt());
            case 2 -> Long.toString(random.nextLong());
            case 3 -> UUID.randomUUID().toString();
            case 4 -> "00000000-0000-0000-0000-000000000000";
            case 5 -> "x'); DROP TABLE submission; --";
            case 6 -> "\u0000\u0001\u202e\uD83C\uDFB5 東京 ñ";
            case 7 -> "vendor:" + random.nextInt(1000);
            case 8 -> "AQAB" + "A".repeat(random.nextInt(300));
            case 9 -> FP.fingerprint().substring(0, random.nextInt(FP.fingerprint().length()));
            case 10 -> "%" + random.nextInt(99);
            case 11 -> "1e9";
            case 12 -> "\uD800"; // a lone surrogate
            default -> "z".repeat(random.nextInt(2000));
        };
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
            gzip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] truncate(byte[] data, Random random) {
        return Arrays.copyOf(data, Math.max(1, random.nextInt(data.length)));
    }

    private static byte[] withInvalidUtf8(byte[] body, Random random) {
        // a raw (not percent-encoded) invalid sequence, and a percent-encoded one
        byte[] bad = ("&track=%C3%28&artist=").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(body, body.length + bad.length + 2);
        System.arraycopy(bad, 0, out, body.length, bad.length);
        out[out.length - 2] = (byte) 0xFF;
        out[out.length - 1] = (byte) (0x80 + random.nextInt(64));
        return out;
    }

    private long count() throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM submission")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
