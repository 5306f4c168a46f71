package org.songprint.fingerprint.apikey;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The API key replica's settings ({@code songprint.api-keys.*}), see {@link ApiKeys}. */
@ConfigMapping(prefix = "songprint.api-keys")
public interface ApiKeysConfig {

    /** Client keys valid without the {@code applications} topic, for development and tests; no default (none). */
    Optional<List<String>> seedClientKeys();
}
