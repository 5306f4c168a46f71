package org.songprint.ingest.submit;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.songprint.common.api.ApiParams;
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
    private final SubmissionRepository repository;
    private final OutboxRelay relay;

    public SubmitService(ApiKeys apiKeys, SubmissionRepository repository, OutboxRelay relay) {
        this.apiKeys = apiKeys;
        this.repository = repository;
        this.relay = relay;
    }

    public Uni<Map<String, Object>> submit(ApiParams params) {
        ApiKeyEvent application = apiKeys.requireClient(params.first("client"));
        ApiKeyEvent user = apiKeys.requireUser(params.first("user"));
        List<NewSubmission> submissions = SubmissionParser.parse(params);
        if (submissions.isEmpty()) {
            return Uni.createFrom().item(Map.of("submissions", List.of()));
        }
        String version = SubmissionParser.text(params, "clientversion", 255);
        if (version != null && version.length() > 255) {
            version = version.substring(0, 255);
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
                    return Map.of("submissions", out);
                });
    }
}
