package org.songprint.ingest.submit;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.songprint.common.api.ApiParams;
import org.songprint.common.ratelimit.ApiRateLimiter;
import org.songprint.common.ratelimit.Caller;
import org.songprint.ingest.apikey.ApiKeys;
import org.songprint.common.event.ApiKeyEvent;

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
        List<NewSubmission> submissions = SubmissionParser.parse(params);
        String parsedVersion = SubmissionParser.text(params, "clientversion", 255);
        String version = parsedVersion != null && parsedVersion.length() > 255 ? parsedVersion.substring(0, 255) : parsedVersion;
        // AcoustID's order: a request is checked (format, keys, parameters) before it counts
        return rateLimiter.check(application, caller).flatMap(allowed -> submissions.isEmpty()
                ? Uni.createFrom().item(Map.<String, Object>of("submissions", List.of()))
                : store(submissions, application, user, version));
    }

    private Uni<Map<String, Object>> store(List<NewSubmission> submissions, ApiKeyEvent application, ApiKeyEvent user,
            String version) {
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
                    return Map.of("submissions", out);
                });
    }
}
