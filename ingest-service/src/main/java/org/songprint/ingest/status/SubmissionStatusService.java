package org.songprint.ingest.status;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.ApiRateLimiter;
import org.songprint.common.ratelimit.Caller;
import org.songprint.ingest.apikey.ApiKeys;

/** {@code /v2/submission_status}: pending, or imported with the AcoustID of its track. */
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
        List<Integer> ids = new ArrayList<>();
        for (String value : params.all("id")) {
            Integer id = ApiParams.parseInt(value);
            if (id != null && id > 0 && !ids.contains(id)) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw ApiException.missingParameter("id");
        }
        if (ids.size() > MAX_IDS) {
            throw ApiException.requestTooLarge();
        }
        return rateLimiter.check(application, caller).flatMap(allowed -> repository.statuses(ids)).map(rows -> {
            List<Map<String, Object>> submissions = new ArrayList<>();
            rows.forEach(row -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", row.getInteger("id"));
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
                submissions.add(entry);
            });
            return Map.of("submissions", submissions);
        });
    }
}
