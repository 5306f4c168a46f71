package org.songprint.common.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.songprint.common.api.ApiException;
import org.songprint.common.event.ApiKeyEvent;

/**
 * A service's local copy of every API key's state, fed from the compacted {@code applications} topic,
 * so a request's key is checked without a remote call. Only active keys are kept: a deactivated,
 * regenerated (tombstoned) or unknown key is simply absent.
 */
public class ApiKeyReplica {

    private final ConcurrentHashMap<String, ApiKeyEvent> keys = new ConcurrentHashMap<>();

    /** Applies the latest state of one key; {@code state == null} is a tombstone (key deleted). */
    public void apply(String apiKey, ApiKeyEvent state) {
        if (apiKey == null) {
            return;
        }
        if (state == null || !state.active()) {
            keys.remove(apiKey);
        } else {
            keys.put(apiKey, state);
        }
    }

    /** Trusts {@code keys} as active client keys (development and test seeds, never production). */
    public void seedClientKeys(List<String> keys) {
        for (String key : keys) {
            apply(key, new ApiKeyEvent(ApiKeyEvent.SCHEMA_VERSION, key, ApiKeyEvent.KeyType.CLIENT, 0, 0, true, null, Instant.EPOCH));
        }
    }

    /** Trusts {@code keys} as active user keys (development and test seeds, never production). */
    public void seedUserKeys(List<String> keys) {
        for (String key : keys) {
            apply(key, new ApiKeyEvent(ApiKeyEvent.SCHEMA_VERSION, key, ApiKeyEvent.KeyType.USER, null, 0, true, null, Instant.EPOCH));
        }
    }

    /** The application of a client key: error 2 when missing, error 4 when unknown or inactive. */
    public ApiKeyEvent requireClient(String clientKey) {
        if (clientKey == null || clientKey.isBlank()) {
            throw ApiException.missingParameter("client");
        }
        return client(clientKey.strip()).orElseThrow(ApiException::invalidApiKey);
    }

    /** The account of a user key: error 2 when missing, error 6 when unknown. */
    public ApiKeyEvent requireUser(String userKey) {
        if (userKey == null || userKey.isBlank()) {
            throw ApiException.missingParameter("user");
        }
        return user(userKey.strip()).orElseThrow(ApiException::invalidUserApiKey);
    }

    /** The active client (application) key, if known. */
    public Optional<ApiKeyEvent> client(String apiKey) {
        return find(apiKey, ApiKeyEvent.KeyType.CLIENT);
    }

    /** The active user key, if known. */
    public Optional<ApiKeyEvent> user(String apiKey) {
        return find(apiKey, ApiKeyEvent.KeyType.USER);
    }

    public int size() {
        return keys.size();
    }

    private Optional<ApiKeyEvent> find(String apiKey, ApiKeyEvent.KeyType type) {
        if (apiKey == null) {
            return Optional.empty();
        }
        ApiKeyEvent state = keys.get(apiKey);
        return state != null && state.keyType() == type ? Optional.of(state) : Optional.empty();
    }
}
