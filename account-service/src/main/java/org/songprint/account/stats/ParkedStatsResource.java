package org.songprint.account.stats;

import jakarta.ws.rs.Path;
import org.songprint.common.failure.ParkedRecordsResource;

/**
 * For operators (under {@code /internal}, which the public proxy does not route): the statistics
 * records that could not be counted ({@code parked}, optional {@code pipeline}), and counting them
 * again after a fix ({@code replay}, with the cluster {@code secret}; {@code id} repeatable, none for all).
 */
@Path("/internal/stats")
public class ParkedStatsResource extends ParkedRecordsResource {

    public ParkedStatsResource(ParkedStatsService parked) {
        super(parked);
    }
}
