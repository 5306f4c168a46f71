package org.songprint.fingerprint.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.songprint.common.metadata.v1.ArtistCredit;
import org.songprint.common.metadata.v1.Medium;
import org.songprint.common.metadata.v1.PartialDate;
import org.songprint.common.metadata.v1.Recording;
import org.songprint.common.metadata.v1.Release;
import org.songprint.common.metadata.v1.ReleaseEvent;
import org.songprint.common.metadata.v1.ReleaseGroup;
import org.songprint.common.metadata.v1.Track;

/** AcoustID's rendering rules: nesting, *ids, compress, first release event copied, empty values left out. */
class MetadataRendererTest {

    private static final UUID MBID = UUID.fromString("0f42ab32-22cd-4dcf-927b-a8d9a183d68b");
    private static final ArtistCredit ADA = ArtistCredit.newBuilder().setId("6b1b7e6c-2a0e-4b4e-9a53-0f1d8a7e2c11")
            .setName("Ada Hill").setJoinPhrase(" feat. ").build();
    private static final ArtistCredit LANTERNS = ArtistCredit.newBuilder().setId("a4c7d7e2-51f3-4e2b-8f0e-3b9c0d1e2f33")
            .setName("The Lanterns").build();
    private static final ArtistCredit VARIOUS = ArtistCredit.newBuilder().setId("89ad4ac3-39f7-470e-963a-56509c546377")
            .setName("Various Artists").build();

    private static Recording recording() {
        Release single = Release.newBuilder().setId("5d2a6f7b-8c1e-4f0a-9b3c-7e6d5c4b3a21").setTitle("Pretty Things")
                .addArtists(ADA).addArtists(LANTERNS)
                .addEvents(ReleaseEvent.newBuilder().setCountry("GB").setDate(PartialDate.newBuilder().setYear(2008).setMonth(3).setDay(10)))
                .addEvents(ReleaseEvent.newBuilder().setCountry("US").setDate(PartialDate.newBuilder().setYear(2008).setMonth(4)))
                .setReleaseGroup(ReleaseGroup.newBuilder().setId("c9f1e2d3-4b5a-4c6d-8e7f-9a0b1c2d3e44").setTitle("Pretty Things")
                        .setPrimaryType("Single").addArtists(ADA).addArtists(LANTERNS))
                .addMediums(Medium.newBuilder().setPosition(1).setFormat("CD").setTrackCount(2)
                        .addTracks(Track.newBuilder().setId("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c01").setPosition(1)
                                .setTitle("Pretty Things").addArtists(ADA).addArtists(LANTERNS)))
                .build();
        Release compilation = Release.newBuilder().setId("e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9").setTitle("Songs for the Night Bus")
                .addArtists(VARIOUS)
                .addEvents(ReleaseEvent.newBuilder().setCountry("XE").setDate(PartialDate.newBuilder().setYear(2010).setMonth(11)))
                .setReleaseGroup(ReleaseGroup.newBuilder().setId("f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e").setTitle("Songs for the Night Bus")
                        .setPrimaryType("Album").addSecondaryTypes("Compilation").addArtists(VARIOUS))
                .addMediums(Medium.newBuilder().setPosition(2).setFormat("Digital Media").setTitle("Late").setTrackCount(14)
                        .addTracks(Track.newBuilder().setId("8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d12").setPosition(7)
                                .setTitle("Pretty Things (radio edit)").addArtists(ADA).addArtists(LANTERNS)))
                .build();
        return Recording.newBuilder().setId(MBID.toString()).setRequestedMbid(MBID.toString()).setTitle("Pretty Things")
                .setLengthMs(248000).addArtists(ADA).addArtists(LANTERNS).addIsrcs("GBAHS0800123")
                .addReleases(single).addReleases(compilation).build();
    }

    // the assertions read the answer as a client does: the JSON tree, null fields left out
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private static Map<String, Object> asJson(Object answer) {
        return JSON.convertValue(answer, new TypeReference<Map<String, Object>>() {
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @Test
    void isrcsAloneAsksForFullRecordingsWithTheirIsrcs() {
        assertThat(MetadataRenderer.needsMetadata(Set.of("isrcs"))).isTrue();
        assertThat(MetadataRenderer.needsMetadata(Set.of("recordingids", "isrcs"))).as("ids only").isFalse();
        Map<String, Object> out = asJson(new MetadataRenderer(Set.of("isrcs")).recording(MBID, null, recording()));
        assertThat(out).containsEntry("title", "Pretty Things").containsEntry("duration", 248.0)
                .containsEntry("isrcs", List.of("GBAHS0800123")).doesNotContainKeys("releasegroups", "releases", "sources");
    }

    @Test
    void picardsMetaNestsAndCompresses() {
        Map<String, Object> out = asJson(new MetadataRenderer(Set.of("recordings", "releasegroups", "releases", "tracks", "compress", "sources"))
                .recording(MBID, 3, recording()));
        assertThat(out).containsEntry("id", MBID.toString()).containsEntry("sources", 3)
                .containsEntry("title", "Pretty Things").containsEntry("duration", 248.0).doesNotContainKey("isrcs");
        assertThat(list(out.get("artists"))).containsExactly(
                Map.of("id", ADA.getId(), "name", "Ada Hill", "joinphrase", " feat. "),
                Map.of("id", LANTERNS.getId(), "name", "The Lanterns"));

        List<Map<String, Object>> groups = list(out.get("releasegroups"));
        assertThat(groups).hasSize(2);
        Map<String, Object> singleGroup = groups.get(0);
        assertThat(singleGroup).containsEntry("type", "Single").doesNotContainKey("secondarytypes")
                .as("same artists as the recording: compressed away").doesNotContainKey("artists");
        Map<String, Object> single = list(singleGroup.get("releases")).get(0);
        assertThat(single).as("title and artists equal the release group's").doesNotContainKeys("title", "artists")
                .containsEntry("country", "GB").containsEntry("date", Map.of("year", 2008, "month", 3, "day", 10));
        assertThat(list(single.get("releaseevents"))).hasSize(2);
        Map<String, Object> singleTrack = list(list(single.get("mediums")).get(0).get("tracks")).get(0);
        assertThat(singleTrack).as("title equals the recording's, artists the release's")
                .containsOnlyKeys("id", "position");

        Map<String, Object> compilationGroup = groups.get(1);
        assertThat(compilationGroup).containsEntry("secondarytypes", List.of("Compilation"));
        assertThat(list(compilationGroup.get("artists"))).extracting(artist -> artist.get("name")).containsExactly("Various Artists");
        Map<String, Object> compilation = list(compilationGroup.get("releases")).get(0);
        assertThat(compilation).containsEntry("country", "XE").containsEntry("date", Map.of("year", 2010, "month", 11));
        Map<String, Object> medium = list(compilation.get("mediums")).get(0);
        assertThat(medium).containsEntry("position", 2).containsEntry("format", "Digital Media").containsEntry("title", "Late")
                .containsEntry("track_count", 14);
        Map<String, Object> track = list(medium.get("tracks")).get(0);
        assertThat(track).containsEntry("title", "Pretty Things (radio edit)").containsEntry("position", 7)
                .as("artists differ from the compilation's").containsKey("artists");
    }

    @Test
    void withoutCompressEverythingIsRepeated() {
        Map<String, Object> out = asJson(new MetadataRenderer(Set.of("recordings", "releases", "tracks"))
                .recording(MBID, null, recording()));
        assertThat(out).doesNotContainKeys("sources", "releasegroups");
        Map<String, Object> single = list(out.get("releases")).get(0);
        assertThat(single).containsKeys("title", "artists");
        assertThat(list(list(single.get("mediums")).get(0).get("tracks")).get(0)).containsKeys("title", "artists");
    }

    @Test
    void idsOnlyVariants() {
        Map<String, Object> out = asJson(new MetadataRenderer(Set.of("recordingids", "releasegroupids", "releaseids"))
                .recording(MBID, null, recording()));
        assertThat(out).containsOnlyKeys("id", "releasegroups");
        Map<String, Object> group = list(out.get("releasegroups")).get(0);
        assertThat(group).containsOnlyKeys("id", "releases");
        assertThat(list(group.get("releases")).get(0)).containsOnlyKeys("id");
    }

    @Test
    void withoutRecordingsTheReleaseGroupsHangOffTheResult() {
        Map<String, Object> out = asJson(new MetadataRenderer(Set.of("releasegroups")).resultLevel(List.of(recording())));
        assertThat(out).containsOnlyKeys("releasegroups");
        assertThat(list(out.get("releasegroups"))).extracting(group -> group.get("title"))
                .containsExactly("Pretty Things", "Songs for the Night Bus");
    }

    @Test
    void aRecordingMusicBrainzDoesNotKnowKeepsItsId() {
        assertThat(asJson(new MetadataRenderer(Set.of("recordings", "releasegroups")).recording(MBID, null, null)))
                .containsOnlyKeys("id");
    }

    @Test
    void isrcsWhenAskedFor() {
        assertThat(asJson(new MetadataRenderer(Set.of("recordings", "isrcs")).recording(MBID, null, recording())))
                .containsEntry("isrcs", List.of("GBAHS0800123"));
    }
}
