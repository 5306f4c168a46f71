package org.songprint.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Producer and consumer agree on the golden JSON of every event type. */
class EventContractTest {

    private final EventSerializer serializer = new EventSerializer();

    @TestFactory
    Stream<DynamicTest> everyEventSerialisesToItsGoldenJson() {
        return EventSamples.all().stream().map(sample -> DynamicTest.dynamicTest(sample.file(), () -> {
            JsonNode actual = EventJson.mapper().readTree(serializer.serialize("t", sample.event()));
            assertThat(actual).isEqualTo(golden(sample.file()));
            assertThat(actual.get("schema_version").asInt()).isEqualTo(sample.event().schemaVersion());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenJsonDeserialisesToTheSample() {
        return EventSamples.all().stream().map(sample -> DynamicTest.dynamicTest(sample.file(), () -> {
            byte[] json = EventJson.mapper().writeValueAsBytes(golden(sample.file()));
            Event event = sample.deserializer().getDeclaredConstructor().newInstance().deserialize("t", json);
            assertThat(event).usingRecursiveComparison().isEqualTo(sample.event());
        }));
    }

    @Test
    void schemaVersionOneEventsWithArraysOfNumbersAreStillRead() throws IOException {
        SubmissionEvent submission = new EventDeserializer.Submission().deserialize("t",
                EventJson.mapper().writeValueAsBytes(golden("submission-v1.json")));
        assertThat(submission.schemaVersion()).isEqualTo(1);
        assertThat(submission.fingerprint()).containsExactly(-1, 0, 627964279, 2147483647);
        FingerprintEvent fingerprint = new EventDeserializer.Fingerprint().deserialize("t",
                EventJson.mapper().writeValueAsBytes(golden("fingerprint-v1.json")));
        assertThat(fingerprint.hashes()).containsExactly(1, -2, 3);
    }

    @Test
    void unknownFieldsAreIgnoredButNewerSchemaVersionsAreRefused() throws IOException {
        ObjectNode json = (ObjectNode) golden("lookup.json");
        json.put("added_later", "x");
        LookupEvent event = new EventDeserializer.Lookup().deserialize("t", EventJson.mapper().writeValueAsBytes(json));
        assertThat(event.tallies()).singleElement().extracting(LookupEvent.Tally::hits).isEqualTo(41);

        json.put("schema_version", 3);
        byte[] newer = EventJson.mapper().writeValueAsBytes(json);
        assertThatThrownBy(() -> new EventDeserializer.Lookup().deserialize("lookups", newer))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schema version 3");
    }

    @Test
    void malformedJsonIsASerializationError() {
        byte[] broken = "{\"schema_version\":1,".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new EventDeserializer.MbidLink().deserialize("mbid-links", broken))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(serializer.serialize("applications", null)).isNull();
        assertThat(new EventDeserializer.ApiKey().deserialize("applications", null)).isNull();
    }

    static JsonNode golden(String file) throws IOException {
        try (InputStream in = EventContractTest.class.getResourceAsStream("/events/" + file)) {
            assertThat(in).as("golden file " + file).isNotNull();
            return EventJson.mapper().readTree(in);
        }
    }
}
