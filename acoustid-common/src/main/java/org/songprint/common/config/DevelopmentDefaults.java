package org.songprint.common.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * A service started as a production build (not dev mode, not a test) refuses to run with a
 * development default where a deployment must choose: an OpenID Connect client secret or client id
 * that is a placeholder, a login provider on this machine's loopback address, an operator or
 * rate-limit exemption secret too short to be one. The message names each setting. A local stack
 * (./stack) says so explicitly with {@code songprint.allow-development-defaults=true}
 * ({@code SONGPRINT_ALLOW_DEV_DEFAULTS}); nothing turns it on by default.
 */
@ApplicationScoped
public class DevelopmentDefaults {

    private static final Logger LOG = Logger.getLogger(DevelopmentDefaults.class);
    static final String ALLOW = "songprint.allow-development-defaults";
    static final int MIN_SECRET_LENGTH = 16;
    private static final Set<String> SECRETS = Set.of("songprint.admin.secret", "songprint.rate-limit.exempt-secret");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0");

    void check(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        List<String> problems = problems(settings(config));
        if (problems.isEmpty()) {
            return;
        }
        if (config.getOptionalValue(ALLOW, Boolean.class).orElse(false)) {
            LOG.warnf("running with development defaults (%s=true, a local stack): %s", ALLOW, String.join("; ", problems));
            return;
        }
        throw new IllegalStateException("refusing to start with development defaults: " + String.join("; ", problems)
                + ". Set each of them for this deployment (docs/operations.md, \"Production checklist\").");
    }

    /** The settings this check reads, by name: every OIDC tenant's and the shared secrets. */
    static Map<String, String> settings(Config config) {
        Map<String, String> settings = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith("%") && (name.startsWith("quarkus.oidc.") || SECRETS.contains(name))) {
                config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(name, value));
            }
        }
        return settings;
    }

    /** What is unsafe in {@code settings}, one sentence per setting (empty when nothing is). */
    static List<String> problems(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> setting : new TreeMap<>(settings).entrySet()) {
            String name = setting.getKey();
            String value = setting.getValue().strip();
            if (SECRETS.contains(name)) {
                if (!value.isEmpty() && value.length() < MIN_SECRET_LENGTH) {
                    problems.add(name + " is shorter than " + MIN_SECRET_LENGTH + " characters");
                }
                continue;
            }
            Optional<String> tenant = tenant(name);
            if (tenant.isEmpty() || !Boolean.parseBoolean(settings.getOrDefault(
                    "quarkus.oidc." + tenant.get() + ".tenant-enabled", "true"))) {
                continue;
            }
            String key = name.substring(("quarkus.oidc." + tenant.get() + ".").length());
            if ((key.equals("credentials.secret") || key.equals("client-id")) && isPlaceholder(value)) {
                problems.add(name + " is the development placeholder \"" + value + "\"");
            } else if (key.equals("auth-server-url") && isLoopback(value)) {
                problems.add(name + " points at this machine (" + value + ")");
            }
        }
        return problems;
    }

    private static Optional<String> tenant(String name) {
        String rest = name.substring("quarkus.oidc.".length());
        int dot = rest.indexOf('.');
        return dot <= 0 ? Optional.empty() : Optional.of(rest.substring(0, dot));
    }

    private static boolean isPlaceholder(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.isEmpty() || lower.contains("change-me") || lower.startsWith("set-");
    }

    private static boolean isLoopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
