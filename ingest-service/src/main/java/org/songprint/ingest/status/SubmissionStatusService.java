package org.songprint.ingest.status;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.ApiRateLimiter;
import org.songprint.common.ratelimit.Caller;

/**
 * {@code /v2/submission_status}: pending, or imported with the AcoustID of its track. As AcoustID
 * does, every requested {@code id} is answered, in request order and as often as it was asked: one
 * it does not know (yet) is pending, a value that is not an integer is no id, and no id at all is an
 * empty answer.
 */
@ApplicationScoped
public class SubmissionStatusService {

    private final ApiRateLimiter rateLimiter;
    private final SubmissionResultRepository repository;

    public SubmissionStatusService(SubmissionResultRepository repository, ApiRateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.repository = repository;
    }

    /** Answers a request whose application key has been checked, once it counts against the limits. */
    Uni<ApiAnswer> status(ApiKeyEvent application, SubmissionStatusRequest request, Caller caller) {
        // only ids a submission can have are looked up; the others are answered pending without a query
        Set<Integer> lookedUp = new LinkedHashSet<>();
        for (long id : request.ids()) {
            if (isSubmissionId(id)) {
                lookedUp.add((int) id);
            }
        }
        return rateLimiter.check(application, caller)
                .flatMap(allowed -> lookedUp.isEmpty()
                        ? Uni.createFrom().item(Map.<Integer, SubmissionStatusAnswer.Entry>of())
                        : repository.statuses(List.copyOf(lookedUp)).map(SubmissionStatusService::known))
                .map(known -> {
                    List<SubmissionStatusAnswer.Entry> submissions = new ArrayList<>(request.ids().size());
                    for (long id : request.ids()) {
                        SubmissionStatusAnswer.Entry found = isSubmissionId(id) ? known.get((int) id) : null;
                        submissions.add(found == null ? new SubmissionStatusAnswer.Entry(id, "pending", null) : found);
                    }
                    return new SubmissionStatusAnswer(submissions);
                });
    }

    private static boolean isSubmissionId(long id) {
        return id > 0 && id <= Integer.MAX_VALUE;
    }

    /** The status (and result) of each submission that exists, by id. */
    private static Map<Integer, SubmissionStatusAnswer.Entry> known(RowSet<Row> rows) {
        Map<Integer, SubmissionStatusAnswer.Entry> out = new HashMap<>();
        for (Row row : rows) {
            int id = row.getInteger("id");
            UUID track = row.getUUID("track_gid");
            SubmissionStatusAnswer.Entry entry;
            if (track != null) {
                entry = new SubmissionStatusAnswer.Entry(id, "imported",
                        new SubmissionStatusAnswer.TrackResult(track.toString()));
            } else if ("rejected".equals(row.getString("status"))) {
                // not in AcoustID's vocabulary: there a rejected submission stays "pending" forever
                entry = new SubmissionStatusAnswer.Entry(id, "rejected", null);
            } else {
                entry = new SubmissionStatusAnswer.Entry(id, "pending", null);
            }
            out.put(id, entry);
        }
        return out;
    }
}
