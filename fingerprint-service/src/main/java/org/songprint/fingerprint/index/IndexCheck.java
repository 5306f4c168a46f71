package org.songprint.fingerprint.index;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
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

    public Uni<IndexCheckAnswer> check(ApiParams params) {
        secret.require(params);
        // blocking database reads and a pass over every id: off the event loop
        return Uni.createFrom().item(() -> answer(reconciler.compare(lifecycle.managed())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private IndexCheckAnswer answer(Reconciliation found) {
        return new IndexCheckAnswer(new IndexCheckAnswer.Index(lifecycle.loaded(), found.exact(), found.indexCount(),
                found.databaseCount(), found.ranges(), found.differingRanges(), found.missing().length,
                listed(found.missing()), found.extra().length, listed(found.extra())));
    }

    private static List<Long> listed(long[] ids) {
        return Arrays.stream(ids).limit(LISTED).boxed().toList();
    }
}
