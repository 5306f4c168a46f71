package org.songprint.account.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The web pages' sessions ({@code songprint.session.*}). */
@ConfigMapping(prefix = "songprint.session")
public interface SessionConfig {

    /** How long a session lasts after its login (default 12h). */
    @WithDefault("12h")
    Duration lifetime();

    /** Whether the cookie is always Secure, even on a page served over plain HTTP (default false). */
    @WithDefault("false")
    boolean forceSecure();

    /** How often expired sessions are deleted (default 10m); read by {@link WebSessions}'s schedule. */
    @WithDefault("10m")
    String cleanupEvery();
}
