package org.songprint.account.login;

import io.quarkus.qute.TemplateData;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * The login providers offered on the login page. Each one is a quarkus-oidc tenant of the same name
 * ({@code quarkus.oidc.<name>.*}, reached at {@code /login/<name>}); its kind says where the link is
 * kept: {@code account_google} (Google subject) or {@code account_openid} (issuer + subject).
 */
@ConfigMapping(prefix = "songprint.login")
public interface LoginProviders {

    enum Kind {
        GOOGLE,
        OPENID
    }

    Map<String, Provider> providers();

    /**
     * How long a logged-in user has to confirm linking a second login, after the provider sent the
     * browser back; the identity waits server-side until then ({@code songprint.login.link-confirm-within}).
     */
    @WithDefault("10m")
    Duration linkConfirmWithin();

    interface Provider {
        /** Shown on the login button: "Log in with {label}". */
        String label();

        @WithDefault("openid")
        Kind kind();

        @WithDefault("true")
        boolean enabled();
    }

    /** An offered provider, for the pages. */
    @TemplateData
    record Offered(String name, String label) {
    }
}
