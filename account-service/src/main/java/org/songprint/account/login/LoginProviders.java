package org.songprint.account.login;

import io.quarkus.qute.TemplateData;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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
