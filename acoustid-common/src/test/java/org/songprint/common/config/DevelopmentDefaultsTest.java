package org.songprint.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which settings a production start refuses, each named. */
class DevelopmentDefaultsTest {

    @Test
    void theLocalStacksOidcDefaultsAreRefusedByName() {
        assertThat(DevelopmentDefaults.problems(Map.of(
                "quarkus.oidc.songprint.auth-server-url", "http://127.0.0.1:18080/realms/songprint",
                "quarkus.oidc.songprint.client-id", "songprint-web",
                "quarkus.oidc.songprint.credentials.secret", "songprint-local-client-secret-change-me")))
                .containsExactly(
                        "quarkus.oidc.songprint.auth-server-url points at this machine (http://127.0.0.1:18080/realms/songprint)",
                        "quarkus.oidc.songprint.credentials.secret is the development placeholder \"songprint-local-client-secret-change-me\"");
    }

    @Test
    void placeholdersOfAnEnabledTenantAreRefusedAndADisabledTenantIsNotChecked() {
        Map<String, String> google = Map.of(
                "quarkus.oidc.google.client-id", "set-GOOGLE_CLIENT_ID",
                "quarkus.oidc.google.credentials.secret", "",
                "quarkus.oidc.google.tenant-enabled", "true");
        assertThat(DevelopmentDefaults.problems(google)).hasSize(2).allMatch(problem -> problem.startsWith("quarkus.oidc.google."));
        assertThat(DevelopmentDefaults.problems(Map.of(
                "quarkus.oidc.google.client-id", "set-GOOGLE_CLIENT_ID",
                "quarkus.oidc.google.tenant-enabled", "false"))).isEmpty();
    }

    @Test
    void aRealDeploymentPasses() {
        assertThat(DevelopmentDefaults.problems(Map.of(
                "quarkus.oidc.songprint.auth-server-url", "https://login.example.org/realms/songprint",
                "quarkus.oidc.songprint.client-id", "songprint-web",
                "quarkus.oidc.songprint.credentials.secret", "8hTq2lZr0pWmXy4vB7nC",
                "songprint.admin.secret", "",
                "songprint.rate-limit.exempt-secret", "a-long-enough-random-secret"))).isEmpty();
    }

    @Test
    void aShortSecretIsRefusedAndAnEmptyOneDisablesItsEndpoints() {
        assertThat(DevelopmentDefaults.problems(Map.of("songprint.admin.secret", "secret")))
                .containsExactly("songprint.admin.secret is shorter than 16 characters");
        assertThat(DevelopmentDefaults.problems(Map.of("songprint.rate-limit.exempt-secret", ""))).isEmpty();
    }
}
