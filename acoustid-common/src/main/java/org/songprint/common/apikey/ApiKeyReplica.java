package org.songprint.common.apikey;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
