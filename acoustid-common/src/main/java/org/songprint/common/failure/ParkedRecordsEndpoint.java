package org.songprint.common.failure;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.ClusterSecret;

/**
 * What a service's {@code /internal/.../parked} and {@code /internal/.../replay} calls do, for its
 * pipelines: list the parked records (optional {@code pipeline}, {@code limit}; payloads are not
 * listed, only their size), and replay them with the cluster {@code secret} (all, or {@code id}
 * repeated; optional {@code pipeline}). An outage during a replay answers error 13 (try again later);
 * the records not replayed yet stay parked. A service's parked-records service extends it with its
 * pipelines.
 */
public class ParkedRecordsEndpoint implements ParkedRecordsOperations {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ClusterSecret secret;
    private final Map<String, ParkedPipeline> pipelines = new LinkedHashMap<>();

    public ParkedRecordsEndpoint(ClusterSecret secret, List<ParkedPipeline> pipelines) {
        this.secret = secret;
        pipelines.forEach(pipeline -> this.pipelines.put(pipeline.name(), pipeline));
    }

    @Override
    public Uni<ParkedAnswers.Listed> list(ApiParams params) {
        int limit = limit(params);
        return Multi.createFrom().iterable(chosen(params))
                .onItem().transformToUniAndConcatenate(pipeline -> pipeline.list(limit))
                .collect().in(ArrayList<ParkedRecord>::new, List::addAll)
                .map(records -> new ParkedAnswers.Listed(records.stream().map(ParkedAnswers.Item::of).toList()));
    }

    @Override
    public Uni<ParkedAnswers.Replayed> replay(ApiParams params) {
        secret.require(params);
        List<Long> ids = new ArrayList<>();
        for (String value : params.all("id")) {
            try {
                ids.add(Long.parseLong(value.strip()));
            } catch (NumberFormatException e) {
                throw ApiException.missingParameter("id");
            }
        }
        int limit = limit(params);
        // ids are unique across the service's pipelines: each pipeline replays those that are its own
        return Multi.createFrom().iterable(chosen(params))
                .onItem().transformToUniAndConcatenate(pipeline -> pipeline.replay(ids, limit))
                .collect().asList()
                .map(done -> new ParkedAnswers.Replayed(done.stream().mapToInt(ParkedPipeline.Replayed::replayed).sum(),
                        done.stream().mapToInt(ParkedPipeline.Replayed::stillParked).sum()))
                .onFailure(Failures::isOutage).transform(outage -> ApiException.serviceUnavailable());
    }

    private List<ParkedPipeline> chosen(ApiParams params) {
        String name = params.text("pipeline");
        if (name == null) {
            return List.copyOf(pipelines.values());
        }
        ParkedPipeline pipeline = pipelines.get(name);
        if (pipeline == null) {
            throw ApiException.missingParameter("pipeline");
        }
        return List.of(pipeline);
    }

    private static int limit(ApiParams params) {
        Integer limit = ApiParams.parseInt(params.text("limit"));
        return limit == null || limit < 1 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }
}
