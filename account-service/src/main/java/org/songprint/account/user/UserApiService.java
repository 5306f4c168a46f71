package org.songprint.account.user;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.songprint.account.account.AccountRepository;
import org.songprint.account.apikey.ApiKeyPublisher;
import org.songprint.account.application.Application;
import org.songprint.account.application.ApplicationRepository;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ApiException;
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

    Uni<ApiAnswer> lookup(UserApiRequests.Lookup request, Caller caller) {
        return accounts.findByApiKey(request.userKey())
                .map(account -> account.orElseThrow(ApiException::invalidUserApiKey).apiKey())
                .call(found -> rateLimiter.check(null, caller))
                .map(UserApiAnswer::of);
    }

    Uni<ApiAnswer> createAnonymous(UserApiRequests.CreateAnonymous request, Caller caller) {
        return client(request.clientKey(), caller)
                .flatMap(application -> accounts.createAnonymous(application.id(), request.clientVersion(), caller.ip()))
                .invoke(keys::publishSoon)
                .map(UserApiAnswer::of);
    }

    /** The calling application: its key must be active, and the call within its rate limit. */
    private Uni<Application> client(String key, Caller caller) {
        return applications.findByApiKey(key).flatMap(found -> {
            Application application = found.filter(Application::active).orElseThrow(ApiException::invalidApiKey);
            ApiKeyEvent state = new ApiKeyEvent(ApiKeyEvent.SCHEMA_VERSION, application.apiKey(), ApiKeyEvent.KeyType.CLIENT,
                    application.id(), application.accountId(), true, application.rateLimit(), Instant.now());
            return rateLimiter.check(state, caller).replaceWith(application);
        });
    }
}
