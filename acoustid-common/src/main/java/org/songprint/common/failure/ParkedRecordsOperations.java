package org.songprint.common.failure;

import io.smallrye.mutiny.Uni;
import org.songprint.common.api.ApiParams;

/** What a service's {@link ParkedRecordsResource} calls: its parked records, listed and replayed. */
public interface ParkedRecordsOperations {

    Uni<ParkedAnswers.Listed> list(ApiParams params);

    /** Replays parked records; with the cluster {@code secret} only. */
    Uni<ParkedAnswers.Replayed> replay(ApiParams params);
}
