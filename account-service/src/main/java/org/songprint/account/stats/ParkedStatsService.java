package org.songprint.account.stats;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.ClusterSecret;
import org.songprint.common.failure.ParkedAnswers;
import org.songprint.common.failure.ParkedRecordsEndpoint;

/** The records the statistics consumers parked ({@code lookup-stats}, {@code submission-stats}): listed and replayed. */
@ApplicationScoped
public class ParkedStatsService {

    private final ParkedRecordsEndpoint parked;

    public ParkedStatsService(LookupStatsConsumer lookups, SubmissionStatsConsumer submissions,
            ClusterSecret secret) {
        this.parked = new ParkedRecordsEndpoint(secret,
                List.of(lookups.parked(), submissions.parked()));
    }

    public Uni<ParkedAnswers.Listed> list(ApiParams params) {
        return parked.list(params);
    }

    public Uni<ParkedAnswers.Replayed> replay(ApiParams params) {
        return parked.replay(params);
    }
}
