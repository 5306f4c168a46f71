package org.songprint.account.user;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import org.songprint.account.account.AccountRepository;
import org.songprint.account.apikey.ApiKeyPublisher;
import org.songprint.account.application.Application;
import org.songprint.account.application.ApplicationRepository;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.ratelimit.ApiRateLimiter;
import org.songprint.common.ratelimit.Caller;

/**
 * AcoustID's user key calls: {@code /v2/user/lookup} confirms a user key, {@code
 * /v2/user/create_anonymous} makes an account with a new user key for an application's user. As in
 * AcoustID, only {@code create_anonymous} needs an active client key and counts against the
 * application's rate limit; {@code lookup} reads no {@code client} and counts against the caller's
 * IP and the global limit. This service owns the account database, so keys are checked there directly.
 */
@ApplicationScoped
public class UserApiService {

    private final ApplicationRepository applications;
    private final AccountRepository accounts;
    private final ApiRateLimiter rateLimiter;
    private final ApiKeyPublisher keys;

    public UserApiService(ApplicationRepository applications, AccountRepository accounts, ApiRateLimiter rateLimiter,
            ApiKeyPublisher keys) {
        this.keys = keys;
        this.applications = applications;
        this.accounts = accounts;
        this.rateLimiter = rateLimiter;
    }

    public Uni<Map<String, ?>> lookup(ApiParams params, Caller caller) {
        // AcoustID's UserLookupHandlerParams parses format and user only: a client key, even a bad one, is ignored
        String user = params.text("user");
        if (user == null) {
            return Uni.createFrom().failure(ApiException.missingParameter("user"));
        }
        return accounts.findByApiKey(user)
                .map(account -> account.orElseThrow(ApiException::invalidUserApiKey).apiKey())
                .call(found -> rateLimiter.check(null, caller))
                .map(apiKey -> Map.of("user", Map.of("apikey", apiKey)));
    }

    public Uni<Map<String, ?>> createAnonymous(ApiParams params, Caller caller) {
        String version = params.text("clientversion");
        return client(params, caller).flatMap(application -> accounts.createAnonymous(application.id(),
                version == null || version.isEmpty() ? null : truncate(version), caller.ip()))
                .invoke(keys::publishSoon)
                .map(key -> Map.of("user", Map.of("apikey", key)));
    }

    /** The calling application: its key must be given and active, and the call within its rate limit. */
    private Uni<Application> client(ApiParams params, Caller caller) {
        String key = params.text("client");
        if (key == null || key.isEmpty()) {
            return Uni.createFrom().failure(ApiException.missingParameter("client"));
        }
        return applications.findByApiKey(key).flatMap(found -> {
            Application application = found.filter(Application::active).orElseThrow(ApiException::invalidApiKey);
            ApiKeyEvent state = new ApiKeyEvent(ApiKeyEvent.SCHEMA_VERSION, application.apiKey(), ApiKeyEvent.KeyType.CLIENT,
                    application.id(), application.accountId(), true, application.rateLimit(), Instant.now());
            return rateLimiter.check(state, caller).replaceWith(application);
        });
    }

    private static String truncate(String value) {
        return value.length() > 255 ? value.substring(0, 255) : value;
    }
}
