package org.songprint.fingerprint.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.testsupport.AudioFixtures;

/**
 * A real AcoustID client, pyacoustid, fingerprints files itself and looks them up here: the seeded
 * original, an MP3 re-encode at 64 kbps and a volume-changed copy find the track; unrelated audio
 * finds nothing. The audio is longer than fpcalc's 120 s window: on shorter files Debian's fpcalc exits
 * with status 3 after printing the fingerprint, which pyacoustid treats as a failure.
 */
@QuarkusTest
class PyacoustidLookupTest {

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/v2/")
    URL baseUrl;

    @Test
    void pyacoustidMatchesTheOriginalAndItsCopies() throws Exception {
        Path original = AudioFixtures.melody(501, 130);
        UUID mbid = UUID.randomUUID();
        TestCatalog.StoredTrack track = new TestCatalog(dataSource).add(AudioFixtures.fpcalc(original), mbid);
        Path mp3 = AudioFixtures.mp3(original, 64);
        Path louder = AudioFixtures.transformed(original, "louder", "gain", "-n");
        Path quieter = AudioFixtures.transformed(original, "quieter6db", "vol", "-6dB");
        Path unrelated = AudioFixtures.melody(599, 130);

        List<JsonNode> answers = run(original, mp3, louder, quieter, unrelated);

        for (int i = 0; i < 4; i++) {
            JsonNode answer = answers.get(i).get("answer");
            assertThat(answer.get("status").asText()).as(answers.get(i).get("file").asText()).isEqualTo("ok");
            assertThat(answer.get("results").get(0).get("id").asText()).isEqualTo(track.gid().toString());
            assertThat(answer.get("results").get(0).get("recordings").get(0).get("id").asText()).isEqualTo(mbid.toString());
        }
        assertThat(answers.get(4).get("answer").get("results")).isEmpty();
    }

    private List<JsonNode> run(Path... files) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
                Path.of("src/test/resources/clients/pyacoustid_match.py").toAbsolutePath().toString(),
                baseUrl.toString(), TestCatalog.CLIENT_KEY));
        for (Path file : files) {
            command.add(file.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("pyacoustid failed: " + err).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> answers = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            answers.add(json.readTree(line));
        }
        assertThat(answers).hasSize(files.length);
        return answers;
    }
}
