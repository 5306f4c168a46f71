package org.songprint.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The XML writer lists a primitive array's values, as it lists a collection's. */
class ApiReplyWriterTest {

    @Test
    void anIntArrayIsWrittenAsItsValuesInXmlAsInJson() {
        Map<String, Object> fingerprint = Map.of("fingerprint", Map.of("hashes", new int[] {-7, 0, 12}));
        String xml = new String(ApiReplyWriter.ok(fingerprint, ResponseFormat.XML, null).body(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<hashes><hashe>-7</hashe><hashe>0</hashe><hashe>12</hashe></hashes>")
                .doesNotContain("[I@");
        String json = new String(ApiReplyWriter.ok(fingerprint, ResponseFormat.JSON, null).body(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"hashes\":[-7,0,12]");
        String listXml = new String(ApiReplyWriter.ok(Map.of("ids", List.of(1, 2)), ResponseFormat.XML, null).body(),
                StandardCharsets.UTF_8);
        assertThat(listXml).contains("<ids><id>1</id><id>2</id></ids>");
    }
}
