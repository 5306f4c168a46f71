package org.songprint.ingest.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.AudioFixtures;

/** pyacoustid's submit() (a gzip-compressed batch) is accepted, each entry answered pending with its index. */
@QuarkusTest
class PyacoustidSubmitTest {

    @TestHTTPResource("/v2/")
    URL baseUrl;

    @Test
    void pyacoustidSubmitsABatch() throws Exception {
        AudioFixtures.Fpcalc fp = AudioFixtures.fpcalc(AudioFixtures.melody(602, 30));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Process process = new ProcessBuilder(List.of("/usr/bin/python3",
                Path.of("src/test/resources/clients/pyacoustid_submit.py").toAbsolutePath().toString(), baseUrl.toString(),
                SubmitResourceTest.CLIENT, SubmitResourceTest.USER, fp.fingerprint(), String.valueOf(fp.duration()),
                first.toString(), second.toString())).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();

        JsonNode answer = new ObjectMapper().readTree(out);
        assertThat(answer.get("status").asText()).isEqualTo("ok");
        JsonNode submissions = answer.get("submissions");
        assertThat(submissions).hasSize(3);
        assertThat(submissions.get(0).get("index").asText()).isEqualTo("0");
        assertThat(submissions.get(1).get("index").asText()).isEqualTo("1");
        assertThat(submissions.get(2).get("index").asText()).isEqualTo("2");
        for (JsonNode submission : submissions) {
            assertThat(submission.get("status").asText()).isEqualTo("pending");
        }
        SubmitResourceTest.awaitPublished(submissions.get(1).get("id").asInt(), second);
    }
}
