package org.songprint.fingerprint.metadata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Calls to metadata-service ({@code songprint.metadata.*}), see {@link MetadataClient}. */
@ConfigMapping(prefix = "songprint.metadata")
public interface MetadataConfig {

    /** The deadline of one GetRecordings call (default 1s); past it the lookup answers with ids only. */
    @WithDefault("1s")
    Duration timeout();
}
