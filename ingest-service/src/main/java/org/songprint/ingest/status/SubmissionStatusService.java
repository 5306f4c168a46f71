package org.songprint.ingest.status;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.ApiRateLimiter;
import org.songprint.common.ratelimit.Caller;
import org.songprint.ingest.apikey.ApiKeys;

/**
 * {@code /v2/submission_status}: pending, or imported with the AcoustID of its track. As AcoustID
 * does, every requested {@code id} is answered, in request order and as often as it was asked: one
 * it does not know (yet) is pending, a value that is not an integer is no id, and no id at all is an
 * empty answer.
 */
@ApplicationScoped
public class SubmissionStatusService {

    static final int MAX_IDS = 1000;

    private final ApiKeys apiKeys;
    private final ApiRateLimiter rateLimiter;
    private final SubmissionResultRepository repository;

    public SubmissionStatusService(ApiKeys apiKeys, SubmissionResultRepository repository, ApiRateLimiter rateLimiter) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
        this.repository = repository;
    }

    public Uni<Map<String, Object>> status(ApiParams params, Caller caller) {
        ApiKeyEvent application = apiKeys.requireClient(params.first("client"));
        List<Long> requested = new ArrayList<>();
        for (String value : params.all("id")) {
            Long id = parseId(value);
            if (id != null) {
                requested.add(id);
            }
        }
        if (requested.size() > MAX_IDS) {
            throw ApiException.requestTooLarge();
        }
        // only ids a submission can have are looked up; the others are answered pending without a query
        Set<Integer> lookedUp = new LinkedHashSet<>();
        for (long id : requested) {
            if (id > 0 && id <= Integer.MAX_VALUE) {
                lookedUp.add((int) id);
            }
        }
        return rateLimiter.check(application, caller)
                .flatMap(allowed -> lookedUp.isEmpty() ? Uni.createFrom().item(Map.<Integer, Map<String, Object>>of())
                        : repository.statuses(List.copyOf(lookedUp)).map(SubmissionStatusService::known))
                .map(known -> {
                    List<Map<String, Object>> submissions = new ArrayList<>(requested.size());
                    for (long id : requested) {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("id", id);
                        Map<String, Object> found = id > 0 && id <= Integer.MAX_VALUE ? known.get((int) id) : null;
                        entry.putAll(found == null ? Map.of("status", "pending") : found);
                        submissions.add(entry);
                    }
                    return Map.of("submissions", submissions);
                });
    }

    /** The status (and result) of each submission that exists, by id. */
    private static Map<Integer, Map<String, Object>> known(RowSet<Row> rows) {
        Map<Integer, Map<String, Object>> out = new HashMap<>();
        for (Row row : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            UUID track = row.getUUID("track_gid");
            if (track != null) {
                entry.put("status", "imported");
                entry.put("result", Map.of("id", track.toString()));
            } else if ("rejected".equals(row.getString("status"))) {
                // not in AcoustID's vocabulary: there a rejected submission stays "pending" forever
                entry.put("status", "rejected");
            } else {
                entry.put("status", "pending");
            }
            out.put(row.getInteger("id"), entry);
        }
        return out;
    }

    /** An id as AcoustID reads one (Python's {@code int()}: sign and surrounding blanks allowed), or null. */
    static Long parseId(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.isEmpty() || stripped.length() > 20) {
            return null;
        }
        try {
            return Long.valueOf(stripped);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
