package org.songprint.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Form bodies as AcoustID reads them: url-encoded or multipart, plain or gzip, within the same bounds. */
class FormBodyTest {

    private static final String BOUNDARY = "----songprint7f3a";
    private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

    /** A multipart body with one text part per name/value pair, as curl -F or a browser's FormData sends it. */
    private static byte[] multipart(String... namesAndValues) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.append("--").append(BOUNDARY).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(namesAndValues[i]).append("\"\r\n\r\n")
                    .append(namesAndValues[i + 1]).append("\r\n");
        }
        body.append("--").append(BOUNDARY).append("--\r\n");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] plain) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    @Test
    void multipartFieldsAreParametersInOrderWithRepeatsKept() {
        Map<String, List<String>> fields = FormBody.parse(multipart("client", "k3y", "mbid", "a", "track", "Jóga – Björk",
                "mbid", "b"), null, MULTIPART);
        assertThat(fields).containsExactly(Map.entry("client", List.of("k3y")), Map.entry("mbid", List.of("a", "b")),
                Map.entry("track", List.of("Jóga – Björk")));
    }

    @Test
    void theContentTypeMatchesWhateverItsCaseAndParameters() {
        assertThat(FormBody.parse(multipart("user", "u"), null, "Multipart/Form-Data; charset=UTF-8; boundary=" + BOUNDARY))
                .containsEntry("user", List.of("u"));
        assertThat(FormBody.parse(multipart("user", "u"), null, "multipart/form-data; boundary=\"" + BOUNDARY + "\""))
                .containsEntry("user", List.of("u"));
    }

    @Test
    void aFilePartIsNotAParameter() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nu\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"fingerprint\"; filename=\"fp.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nAQAA\r\n--" + BOUNDARY + "--\r\n";
        assertThat(FormBody.parse(body.getBytes(StandardCharsets.UTF_8), null, MULTIPART))
                .containsExactly(Map.entry("user", List.of("u")));
    }

    @Test
    void gzipMultipartIsInflatedFirst() throws Exception {
        assertThat(FormBody.parse(gzip(multipart("client", "k", "duration", "201")), "gzip", MULTIPART))
                .containsEntry("client", List.of("k")).containsEntry("duration", List.of("201"));
    }

    @Test
    void urlEncodedBodiesReadAsBefore() {
        byte[] body = "client=k&meta=recordings+releasegroups&track=J%C3%B3ga".getBytes(StandardCharsets.UTF_8);
        assertThat(FormBody.parse(body, null, "application/x-www-form-urlencoded; charset=UTF-8"))
                .containsEntry("meta", List.of("recordings releasegroups")).containsEntry("track", List.of("Jóga"));
        assertThat(FormBody.parse(body, null, "text/plain")).as("not a form: no parameters").isEmpty();
    }

    @Test
    void emptyPairsBareNamesAndEqualsSignsInValuesReadAsBefore() {
        byte[] body = "&a=1&&b=&c&=d&e=f=g&a=2&".getBytes(StandardCharsets.UTF_8);
        assertThat(FormBody.parse(body, null, null)).containsExactly(Map.entry("a", List.of("1", "2")),
                Map.entry("b", List.of("")), Map.entry("c", List.of("")), Map.entry("", List.of("d")),
                Map.entry("e", List.of("f=g")));
    }

    @Test
    void aMultipartBodyHasTheSameBounds() throws Exception {
        String[] parts = new String[2 * (ApiParams.MAX_PARAMETERS + 1)];
        for (int i = 0; i < parts.length; i += 2) {
            parts[i] = "p" + i;
            parts[i + 1] = "v";
        }
        assertThatThrownBy(() -> FormBody.parse(multipart(parts), null, MULTIPART))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(19));

        byte[] huge = multipart("fingerprint", "A".repeat(FormBody.MAX_BYTES));
        assertThatThrownBy(() -> FormBody.parse(huge, null, MULTIPART))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(413));
        byte[] bomb = gzip(huge);
        assertThat(bomb.length).isLessThan(FormBody.MAX_BYTES / 100);
        assertThatThrownBy(() -> FormBody.parse(bomb, "gzip", MULTIPART))
                .as("inflated past 1 MiB").isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(19));
    }

    @Test
    void aBrokenMultipartBodyHasNoParameters() {
        assertThatThrownBy(() -> FormBody.parse(multipart("user", "u"), null, "multipart/form-data"))
                .as("no boundary").isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo("invalid request body: multipart body without a boundary");
                });
        // as werkzeug's silent form parsing: what cannot be parsed is no parameter (so error 2 follows)
        byte[] cut = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nu")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(FormBody.parse(cut, null, MULTIPART)).as("no closing delimiter").isEmpty();
        assertThat(FormBody.parse("user=u".getBytes(StandardCharsets.UTF_8), null, MULTIPART)).as("not multipart").isEmpty();
    }
}
