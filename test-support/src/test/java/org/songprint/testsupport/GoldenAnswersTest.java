package org.songprint.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The golden-answer helper itself: the file's form, the placeholders, comparing and rewriting. */
class GoldenAnswersTest {

    @TempDir
    Path directory;

    private static GoldenAnswers.Answer answer(int status, String body, Map<String, String> headers) {
        return new GoldenAnswers.Answer(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFileIsTheStatusThePinnedHeadersAnEmptyLineAndTheBodyWithANewline() {
        String rendered = new GoldenAnswers(directory, List.of()).render(answer(429, "cb({\"status\":\"error\"})",
                Map.of("Retry-After", "3", "Access-Control-Allow-Origin", "*", "Content-Type", "application/javascript")));
        assertThat(rendered).isEqualTo("HTTP 429\nContent-Type: application/javascript\nAccess-Control-Allow-Origin: *\n"
                + "Retry-After: ${seconds}\n\ncb({\"status\":\"error\"})\n");
    }

    @Test
    void placeholdersReplaceOnlyWhatTheyName() {
        GoldenAnswers golden = new GoldenAnswers(directory, List.of()).numbered("id", "submission")
                .literal("3f2a", "track").field("code", 7, "seven");
        assertThat(golden.render(answer(200, "{\"a\":[{\"id\":41,\"x\":\"3f2a\"},{\"id\":40},{\"id\":41}],\"code\":7,"
                + "\"y\":\"3f2ab\",\"index\":\"41\",\"z\":7}", Map.of())))
                .endsWith("\n\n{\"a\":[{\"id\":${submission-1},\"x\":\"${track}\"},{\"id\":${submission-2}},"
                        + "{\"id\":${submission-1}}],\"code\":${seven},\"y\":\"3f2ab\",\"index\":\"41\",\"z\":7}\n");
        assertThat(golden.render(answer(200, "<r><id>9</id><code>7</code><id>8</id><id>9</id><v>3f2a</v></r>", Map.of())))
                .endsWith("\n\n<r><id>${submission-1}</id><code>${seven}</code><id>${submission-2}</id><id>${submission-1}</id>"
                        + "<v>${track}</v></r>\n");
    }

    @Test
    void aChangedCharacterFailsAndTheUpdatePropertyRewritesTheFile() throws Exception {
        GoldenAnswers golden = new GoldenAnswers(directory, List.of());
        GoldenAnswers.Answer ok = answer(200, "{\"status\":\"ok\"}", Map.of("Content-Type", "application/json"));
        assertThatThrownBy(() -> golden.check("case.json.txt", ok)).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("no golden file");

        System.setProperty(GoldenAnswers.UPDATE_PROPERTY, "true");
        try {
            golden.check("case.json.txt", ok);
        } finally {
            System.clearProperty(GoldenAnswers.UPDATE_PROPERTY);
        }
        assertThat(Files.readString(directory.resolve("case.json.txt")))
                .isEqualTo("HTTP 200\nContent-Type: application/json\n\n{\"status\":\"ok\"}\n");
        golden.check("case.json.txt", ok);

        assertThatThrownBy(() -> golden.check("case.json.txt", answer(200, "{\"status\":\"OK\"}",
                Map.of("Content-Type", "application/json")))).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("differs at line 4");
    }
}
