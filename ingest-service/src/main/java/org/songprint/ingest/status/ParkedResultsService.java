package org.songprint.ingest.status;

import jakarta.inject.Singleton;
import java.util.List;
import org.songprint.common.api.ClusterSecret;
import org.songprint.common.failure.ParkedRecordsEndpoint;

/**
 * The import outcomes {@link SubmissionResults} parked: listed, and recorded again after a fix. A
 * singleton (see {@code ParkedStatsService} in account-service): nothing to proxy.
 */
@Singleton
public class ParkedResultsService extends ParkedRecordsEndpoint {

    public ParkedResultsService(SubmissionResults results, ClusterSecret secret) {
        super(secret, List.of(results.parked()));
    }
}
