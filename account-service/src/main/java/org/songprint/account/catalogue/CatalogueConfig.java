package org.songprint.account.catalogue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the catalogue pages read the catalogue ({@code songprint.catalogue.*}): fingerprint-service owns it. */
@ConfigMapping(prefix = "songprint.catalogue")
public interface CatalogueConfig {

    /** fingerprint-service's base URL, whose {@code /internal/catalogue} API the pages read (default the local stack's). */
    @WithDefault("http://127.0.0.1:8081")
    String url();

    /** How long a page waits for it, in ms, before it answers that the catalogue is unavailable (default 3000). */
    @WithDefault("3000")
    long timeoutMs();
}
