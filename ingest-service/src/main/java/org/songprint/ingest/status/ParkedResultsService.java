package org.songprint.ingest.status;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.ClusterSecret;
import org.songprint.common.failure.ParkedAnswers;
import org.songprint.common.failure.ParkedRecordsEndpoint;

/** The import outcomes {@link SubmissionResults} parked: listed, and recorded again after a fix. */
@ApplicationScoped
public class ParkedResultsService {

    private final ParkedRecordsEndpoint parked;

    public ParkedResultsService(SubmissionResults results,
            ClusterSecret secret) {
        this.parked = new ParkedRecordsEndpoint(secret, List.of(results.parked()));
    }

    public Uni<ParkedAnswers.Listed> list(ApiParams params) {
        return parked.list(params);
    }

    public Uni<ParkedAnswers.Replayed> replay(ApiParams params) {
        return parked.replay(params);
    }
}
