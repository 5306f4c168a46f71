package org.songprint.account.stats;

import jakarta.inject.Singleton;
import java.util.List;
import org.songprint.common.api.ClusterSecret;
import org.songprint.common.failure.ParkedRecordsEndpoint;

/**
 * The records the statistics consumers parked ({@code lookup-stats}, {@code submission-stats}): listed
 * and replayed. A singleton, not application scoped: it has no state to proxy, and its superclass has
 * no no-argument constructor for a client proxy.
 */
@Singleton
public class ParkedStatsService extends ParkedRecordsEndpoint {

    public ParkedStatsService(LookupStatsConsumer lookups, SubmissionStatsConsumer submissions,
            ClusterSecret secret) {
        super(secret, List.of(lookups.parked(), submissions.parked()));
    }
}
