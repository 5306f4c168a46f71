package org.songprint.ingest.status;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Recording import outcomes ({@code songprint.results.*}), see {@link SubmissionResults}. */
@ConfigMapping(prefix = "songprint.results")
public interface ResultsConfig {

    /**
     * Tries a batch of outcomes gets when it fails for another reason than an outage (default 3); then
     * they are recorded one at a time and one that fails alone is parked.
     */
    @WithDefault("3")
    int maxAttempts();
}
