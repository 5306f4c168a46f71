package org.songprint.common.api;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The operators' settings ({@code songprint.admin.*}); read only by {@link AdminSecret}. */
@ConfigMapping(prefix = "songprint.admin")
public interface AdminConfig {

    /** The cluster secret every /internal call must present; no default: empty or unset disables those calls. */
    Optional<String> secret();
}
