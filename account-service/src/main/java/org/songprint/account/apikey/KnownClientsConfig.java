package org.songprint.account.apikey;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.Map;

/**
 * Client keys that real applications hard-code for AcoustID (Picard, beets), accepted by a mirror as
 * applications of their own, so their requests are counted under a name instead of refused. Keyed
 * by a short id ({@code songprint.known-clients.picard.*}).
 */
@ConfigMapping(prefix = "songprint.known-clients")
public interface KnownClientsConfig {

    @WithParentName
    Map<String, Client> clients();

    interface Client {
        /** The application's name on its page and in the statistics. */
        String name();

        /** The client key the application sends. */
        String key();

        /** Off: the key is refused (an application made for it earlier is deactivated). */
        @WithDefault("false")
        boolean enabled();
    }
}
