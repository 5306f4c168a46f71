package org.songprint.fingerprint.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.songprint.common.catalogue.CatalogueRecording;
import org.songprint.common.catalogue.CatalogueTrack;
import org.songprint.common.catalogue.RecordingName;
import org.songprint.common.event.EventJson;
import org.songprint.common.metadata.v1.ArtistCredit;
import org.songprint.common.metadata.v1.Recording;
import org.songprint.fingerprint.metadata.MetadataClient;

/**
 * The catalogue pages' reads. The repository writes each page's JSON in the database; what a page
 * may show is decided there (lists capped, links of merged tracks followed). Recordings are named
 * here from metadata-service, in one call per page under the lookups' deadline: when it cannot
 * answer, the page still shows the MBIDs.
 */
@ApplicationScoped
public class CatalogueService {

    private static final ObjectMapper JSON = EventJson.mapper();

    private final CatalogueRepository repository;
    private final MetadataClient metadata;

    public CatalogueService(CatalogueRepository repository, MetadataClient metadata) {
        this.repository = repository;
        this.metadata = metadata;
    }

    public Uni<Optional<String>> track(UUID gid) {
        return repository.track(gid).flatMap(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().item(page);
            }
            // written again even without recordings: the query leaves empty lists out, the contract has them
            CatalogueTrack track = read(page.get(), CatalogueTrack.class);
            if (track.recordings().isEmpty()) {
                return Uni.createFrom().item(Optional.of(write(track)));
            }
            List<UUID> mbids = track.recordings().stream().map(CatalogueTrack.Recording::mbid).toList();
            return metadata.recordings(mbids, Set.of()).map(found -> Optional.of(write(track.withRecordings(
                    track.recordings().stream().map(r -> r.named(name(found, r.mbid()))).toList()))));
        });
    }

    public Uni<Optional<String>> fingerprint(int id) {
        return repository.fingerprint(id);
    }

    public Uni<Optional<String>> recording(UUID mbid) {
        return repository.recording(mbid).flatMap(page -> page.isEmpty()
                ? Uni.createFrom().item(page)
                : metadata.recordings(List.of(mbid), Set.of()).map(found -> Optional.of(write(
                        read(page.get(), CatalogueRecording.class).named(name(found, mbid))))));
    }

    public Uni<String> stats() {
        return repository.stats();
    }

    private static RecordingName name(Map<UUID, Recording> found, UUID mbid) {
        Recording recording = found.get(mbid);
        if (recording == null || recording.getTitle().isEmpty()) {
            return null;
        }
        StringBuilder artist = new StringBuilder();
        for (ArtistCredit credit : recording.getArtistsList()) {
            artist.append(credit.getName()).append(credit.getJoinPhrase());
        }
        return new RecordingName(recording.getTitle(), artist.isEmpty() ? null : artist.toString(),
                recording.getLengthMs() > 0 ? Math.round(recording.getLengthMs() / 1000f) : null);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalogue query wrote JSON its contract does not read", e);
        }
    }

    private static String write(Object page) {
        try {
            return JSON.writeValueAsString(page);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
