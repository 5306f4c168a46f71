package org.songprint.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One writer for every answer: records and maps alike, in json, jsonp and xml. */
class ApiReplyWriterTest {

    record Entry(@JsonInclude(JsonInclude.Include.ALWAYS) Integer index, String note, List<Integer> values) {
    }

    record Answer(List<Entry> zebras, @JsonProperty("track_count") int trackCount, String absent) implements ApiAnswer {
    }

    private static String body(ApiReply reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }

    record Fingerprint(Hashes fingerprint) implements ApiAnswer {
    }

    record Hashes(int[] hashes, List<Integer> ids) {
    }

    @Test
    void anIntArrayIsWrittenAsItsValuesInXmlAsInJson() {
        Fingerprint fingerprint = new Fingerprint(new Hashes(new int[] {-7, 0, 12}, List.of(1, 2)));
        String xml = body(ApiReplyWriter.ok(fingerprint, ResponseFormat.XML, null));
        assertThat(xml).contains("<hashes><hashe>-7</hashe><hashe>0</hashe><hashe>12</hashe></hashes>")
                .contains("<ids><id>1</id><id>2</id></ids>").doesNotContain("[I@");
        String json = body(ApiReplyWriter.ok(fingerprint, ResponseFormat.JSON, null));
        assertThat(json).contains("\"hashes\":[-7,0,12]");
    }

    @Test
    void aRecordIsWrittenWithItsStatusAmongItsFieldsSortedAndNullsLeftOut() {
        Answer answer = new Answer(List.of(new Entry(null, "a", List.of(3)), new Entry(2, null, List.of())), 7, null);
        assertThat(body(ApiReplyWriter.ok(answer, ResponseFormat.JSON, null))).isEqualTo(
                "{\"status\":\"ok\",\"track_count\":7,\"zebras\":[{\"index\":null,\"note\":\"a\",\"values\":[3]},"
                        + "{\"index\":2,\"values\":[]}]}");
        assertThat(body(ApiReplyWriter.ok(answer, ResponseFormat.JSONP, "cb.x"))).startsWith("cb.x({\"status\":\"ok\"")
                .endsWith("}]})");
        assertThat(body(ApiReplyWriter.ok(answer, ResponseFormat.XML, null))).endsWith(
                "<response><status>ok</status><track_count>7</track_count><zebras>"
                        + "<zebra><index></index><note>a</note><values><value>3</value></values></zebra>"
                        + "<zebra><index>2</index><values></values></zebra></zebras></response>");
    }

    @Test
    void anErrorIsStatusErrorWithCodeAndMessage() {
        ApiReply reply = ApiReplyWriter.error(ApiException.missingParameter("client"), ResponseFormat.JSON, null);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(body(reply)).isEqualTo(
                "{\"error\":{\"code\":2,\"message\":\"missing required parameter \\\"client\\\"\"},\"status\":\"error\"}");
    }
}
