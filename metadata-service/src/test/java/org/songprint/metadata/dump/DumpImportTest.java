package org.songprint.metadata.dump;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.songprint.common.metadata.v1.Recording;
import org.songprint.metadata.MusicBrainzStub;
import org.songprint.metadata.recording.CachedRecording;
import org.songprint.metadata.recording.RecordingBatch;
import org.songprint.metadata.recording.RecordingReader;
import org.songprint.metadata.recording.RecordingService;

/** A JSON dump (one entity per line) fills the cache; malformed lines are skipped; a re-run doubles nothing. */
@QuarkusTest
@QuarkusTestResource(MusicBrainzStub.class)
class DumpImportTest {

    @Inject
    DumpImportCommand command;

    @Inject
    RecordingReader reader;

    @Inject
    RecordingService service;

    @Inject
    ObjectMapper json;

    @TempDir
    Path dir;

    private String fixtureAs(String fixture, UUID id) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/musicbrainz/recording/" + fixture + ".json")) {
            Map<?, ?> document = json.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
            String line = json.writeValueAsString(document);
            return line.replace(fixture, id.toString());
        }
    }

    @Test
    void aDumpFillsTheCacheWithoutTheProvider() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Path dump = dir.resolve("recording");
        Files.writeString(dump, String.join("\n",
                fixtureAs("0f42ab32-22cd-4dcf-927b-a8d9a183d68b", first),
                "{\"id\": \"not json",
                fixtureAs("162630d9-36d2-4a8d-ade1-1c77440b34e7", second)) + "\n");
        command.file = dump.toString();
        command.concurrency = 2;
        assertThat(command.call()).isZero();
        assertThat(command.call()).as("a re-run replaces rows").isZero();

        Map<UUID, CachedRecording> cached = reader.find(List.of(first, second)).await().atMost(Duration.ofSeconds(5));
        assertThat(cached).containsOnlyKeys(first, second);
        Recording pretty = cached.get(first).recording();
        assertThat(pretty.getTitle()).isEqualTo("Pretty Things");
        assertThat(pretty.getReleasesList()).hasSize(2);
        assertThat(pretty.getReleases(0).getMediums(0).getTracksList()).hasSize(1);

        RecordingBatch batch = service.recordings(List.of(first, second), Duration.ofSeconds(2)).await().atMost(Duration.ofSeconds(5));
        assertThat(batch.found()).containsOnlyKeys(first, second);
        assertThat(MusicBrainzStub.requestsFor(first.toString()) + MusicBrainzStub.requestsFor(second.toString())).isZero();
    }
}
