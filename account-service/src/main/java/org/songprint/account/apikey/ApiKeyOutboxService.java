package org.songprint.account.apikey;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.ClusterSecret;

/** The API key outbox as operators see it: what waits to be published, and publishing every key again. */
@ApplicationScoped
public class ApiKeyOutboxService {

    private final ApiKeyRepository repository;
    private final ApiKeyPublisher publisher;
    private final ClusterSecret secret;

    public ApiKeyOutboxService(ApiKeyRepository repository, ApiKeyPublisher publisher,
            ClusterSecret secret) {
        this.repository = repository;
        this.publisher = publisher;
        this.secret = secret;
    }

    public Uni<ApiKeyOutboxAnswers.Backlog> backlog() {
        return repository.backlog()
                .map(backlog -> new ApiKeyOutboxAnswers.Backlog(backlog.waiting(), backlog.oldestSeconds()));
    }

    /** Every key noted as changed (with the cluster secret), so all are published again. */
    public Uni<ApiKeyOutboxAnswers.Republished> republish(ApiParams params) {
        secret.require(params);
        return repository.noteEveryKey().invoke(publisher::publishSoon).map(ApiKeyOutboxAnswers.Republished::new);
    }
}
