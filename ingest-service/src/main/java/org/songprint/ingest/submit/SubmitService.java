package org.songprint.ingest.submit;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.songprint.common.api.ApiParams;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.ApiRateLimiter;
import org.songprint.common.ratelimit.Caller;
import org.songprint.ingest.apikey.ApiKeys;

/**
 * Accepts {@code /v2/submit}: checks the keys, validates every entry, and stores the submissions with
 * their outbox rows in one transaction before answering. Publishing to Kafka is the relay's job, so a
 * submission is never lost when the broker is down, and is acknowledged only once it is durable.
 */
@ApplicationScoped
public class SubmitService {

    private final ApiKeys apiKeys;
    private final ApiRateLimiter rateLimiter;
    private final SubmissionRepository repository;
    private final OutboxRelay relay;

    public SubmitService(ApiKeys apiKeys, SubmissionRepository repository, OutboxRelay relay, ApiRateLimiter rateLimiter) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
        this.repository = repository;
        this.relay = relay;
    }

    public Uni<Map<String, Object>> submit(ApiParams params, Caller caller) {
        ApiKeyEvent application = apiKeys.requireClient(params.first("client"));
        ApiKeyEvent user = apiKeys.requireUser(params.first("user"));
        SubmissionParser.ParsedSubmit parsed = SubmissionParser.parse(params);
        String version = SubmissionParser.text(params, "clientversion", 255);
        // AcoustID's order: a request is checked (format, keys, parameters) before it counts
        return rateLimiter.check(application, caller)
                .flatMap(allowed -> store(parsed.submissions(), application, user, version))
                .map(stored -> answer(stored, parsed.skipped()));
    }

    /**
     * AcoustID's answer, plus (an addition clients ignore) each skipped entry with its index and
     * error, so a client or its user can tell which files were not taken.
     */
    private static Map<String, Object> answer(List<Map<String, Object>> stored, List<SubmissionParser.SkippedEntry> skipped) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("submissions", stored);
        if (!skipped.isEmpty()) {
            List<Map<String, Object>> entries = new ArrayList<>(skipped.size());
            for (SubmissionParser.SkippedEntry entry : skipped) {
                Map<String, Object> item = new LinkedHashMap<>();
                if (entry.index() != null) {
                    item.put("index", entry.index());
                }
                item.put("error", Map.of("code", entry.error().code(), "message", entry.error().getMessage()));
                entries.add(item);
            }
            answer.put("skipped_entries", entries);
        }
        return answer;
    }

    private Uni<List<Map<String, Object>>> store(List<NewSubmission> submissions, ApiKeyEvent application, ApiKeyEvent user,
            String version) {
        if (submissions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return repository.insertAll(submissions, application.applicationId(), version, user.accountId())
                .map(ids -> {
                    relay.wakeUp();
                    List<Map<String, Object>> out = new ArrayList<>(ids.size());
                    for (int i = 0; i < ids.size(); i++) {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("id", ids.get(i));
                        entry.put("status", "pending");
                        if (submissions.get(i).index() != null) {
                            entry.put("index", submissions.get(i).index());
                        }
                        out.add(entry);
                    }
                    return out;
                });
    }
}
