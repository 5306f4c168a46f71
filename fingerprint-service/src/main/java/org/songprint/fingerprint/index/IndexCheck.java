package org.songprint.fingerprint.index;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.ClusterSecret;

/**
 * For operators and the fault test: this replica's index compared with the database, without
 * repairing anything. The ids each side lacks are listed (the first {@value #LISTED} of each).
 */
@ApplicationScoped
public class IndexCheck {

    static final int LISTED = 1000;

    private final IndexLifecycle lifecycle;
    private final IndexReconciler reconciler;
    private final ClusterSecret secret;

    public IndexCheck(IndexLifecycle lifecycle, IndexReconciler reconciler,
            ClusterSecret secret) {
        this.lifecycle = lifecycle;
        this.reconciler = reconciler;
        this.secret = secret;
    }

    public Uni<Map<String, Object>> check(ApiParams params) {
        secret.require(params);
        // blocking database reads and a pass over every id: off the event loop
        return Uni.createFrom().item(() -> answer(reconciler.compare(lifecycle.managed())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Map<String, Object> answer(Reconciliation found) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("ready", lifecycle.loaded());
        index.put("exact", found.exact());
        index.put("fingerprints", found.indexCount());
        index.put("database_fingerprints", found.databaseCount());
        index.put("id_ranges", found.ranges());
        index.put("differing_id_ranges", found.differingRanges());
        index.put("missing_count", found.missing().length);
        index.put("missing", listed(found.missing()));
        index.put("extra_count", found.extra().length);
        index.put("extra", listed(found.extra()));
        return Map.of("index", index);
    }

    private static java.util.List<Long> listed(long[] ids) {
        return Arrays.stream(ids).limit(LISTED).boxed().toList();
    }
}
