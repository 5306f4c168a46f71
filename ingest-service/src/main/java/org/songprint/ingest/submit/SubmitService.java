package org.songprint.ingest.submit;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ErrorDetail;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.ApiRateLimiter;
import org.songprint.common.ratelimit.Caller;

/**
 * Accepts {@code /v2/submit} once its keys and entries are checked: stores the submissions with
 * their outbox rows in one transaction before answering. Publishing to Kafka is the relay's job, so a
 * submission is never lost when the broker is down, and is acknowledged only once it is durable.
 */
@ApplicationScoped
public class SubmitService {

    private final ApiRateLimiter rateLimiter;
    private final SubmissionRepository repository;
    private final OutboxRelay relay;

    public SubmitService(SubmissionRepository repository, OutboxRelay relay, ApiRateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.repository = repository;
        this.relay = relay;
    }

    /** Stores a request whose keys have been checked, once it counts against the limits. */
    Uni<ApiAnswer> submit(ApiKeyEvent application, ApiKeyEvent user, SubmitRequest request, Caller caller) {
        // AcoustID's order: a request is checked (format, keys, parameters) before it counts
        return rateLimiter.check(application, caller)
                .flatMap(allowed -> store(request.submissions(), application, user, request.clientVersion()))
                .map(stored -> new SubmitAnswer(stored, skipped(request.skipped())));
    }

    private static List<SubmitAnswer.Skipped> skipped(List<SubmitRequest.SkippedEntry> skipped) {
        if (skipped.isEmpty()) {
            return null;
        }
        List<SubmitAnswer.Skipped> entries = new ArrayList<>(skipped.size());
        for (SubmitRequest.SkippedEntry entry : skipped) {
            entries.add(new SubmitAnswer.Skipped(entry.index(), ErrorDetail.of(entry.error())));
        }
        return entries;
    }

    private Uni<List<SubmitAnswer.Accepted>> store(List<NewSubmission> submissions, ApiKeyEvent application,
            ApiKeyEvent user, String version) {
        if (submissions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return repository.insertAll(submissions, application.applicationId(), version, user.accountId())
                .map(ids -> {
                    relay.wakeUp();
                    List<SubmitAnswer.Accepted> out = new ArrayList<>(ids.size());
                    for (int i = 0; i < ids.size(); i++) {
                        out.add(new SubmitAnswer.Accepted(ids.get(i), "pending", submissions.get(i).index()));
                    }
                    return out;
                });
    }
}
