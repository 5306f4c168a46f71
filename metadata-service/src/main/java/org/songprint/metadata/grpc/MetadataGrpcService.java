package org.songprint.metadata.grpc;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.songprint.common.metadata.v1.GetRecordingsRequest;
import org.songprint.common.metadata.v1.GetRecordingsResponse;
import org.songprint.common.metadata.v1.Include;
import org.songprint.common.metadata.v1.MetadataService;
import org.songprint.common.metadata.v1.Recording;
import org.songprint.metadata.recording.CacheConfig;
import org.songprint.metadata.recording.RecordingBatch;
import org.songprint.metadata.recording.RecordingService;

/**
 * gRPC {@code songprint.metadata.v1.MetadataService}. The caller's deadline bounds how long missing
 * recordings are fetched from the provider (what is not fetched in time is listed as unavailable,
 * so the caller still gets the rest); without a deadline the configured fetch budget applies.
 */
@GrpcService
public class MetadataGrpcService implements MetadataService {

    // answer with what there is a little before the caller gives up
    private static final Duration DEADLINE_MARGIN = Duration.ofMillis(50);

    private final RecordingService recordings;
    private final CacheConfig config;

    public MetadataGrpcService(RecordingService recordings, CacheConfig config) {
        this.recordings = recordings;
        this.config = config;
    }

    @Override
    public Uni<GetRecordingsResponse> getRecordings(GetRecordingsRequest request) {
        if (request.getMbidsCount() > config.maxBatch()) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT
                    .withDescription("at most " + config.maxBatch() + " MBIDs per call").asRuntimeException());
        }
        List<UUID> mbids = new ArrayList<>(request.getMbidsCount());
        for (String mbid : request.getMbidsList()) {
            try {
                mbids.add(UUID.fromString(mbid.trim()));
            } catch (IllegalArgumentException invalid) {
                return Uni.createFrom().failure(Status.INVALID_ARGUMENT
                        .withDescription("invalid MBID: " + mbid).asRuntimeException());
            }
        }
        Set<Include> includes = request.getIncludesList().isEmpty() ? EnumSet.noneOf(Include.class)
                : EnumSet.copyOf(request.getIncludesList());
        return recordings.recordings(mbids, budget())
                .map(batch -> response(mbids, batch, includes));
    }

    private Duration budget() {
        Duration remaining = CallDeadlines.remaining();
        if (remaining == null) {
            return config.fetchBudget();
        }
        Duration left = remaining.minus(DEADLINE_MARGIN);
        return left.isNegative() ? Duration.ofMillis(1) : left;
    }

    private static GetRecordingsResponse response(List<UUID> requested, RecordingBatch batch, Set<Include> includes) {
        GetRecordingsResponse.Builder response = GetRecordingsResponse.newBuilder();
        for (UUID mbid : requested.stream().distinct().toList()) {
            Recording recording = batch.found().get(mbid);
            if (recording != null) {
                response.addRecordings(RecordingTrimmer.trim(recording, includes));
            } else if (batch.unknown().contains(mbid)) {
                response.addUnknownMbids(mbid.toString());
            } else {
                response.addUnavailableMbids(mbid.toString());
            }
        }
        return response.build();
    }
}
