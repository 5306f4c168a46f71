package org.songprint.fingerprint.catalogue;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * The catalogue pages' reads. The repository writes each page's JSON in the database; what a page
 * may show is decided there (lists capped, links of merged tracks followed), so this layer only
 * names the reads the resource may make.
 */
@ApplicationScoped
public class CatalogueService {

    private final CatalogueRepository repository;

    public CatalogueService(CatalogueRepository repository) {
        this.repository = repository;
    }

    public Uni<Optional<String>> track(UUID gid) {
        return repository.track(gid);
    }

    public Uni<Optional<String>> fingerprint(int id) {
        return repository.fingerprint(id);
    }

    public Uni<Optional<String>> recording(UUID mbid) {
        return repository.recording(mbid);
    }

    public Uni<String> stats() {
        return repository.stats();
    }
}
