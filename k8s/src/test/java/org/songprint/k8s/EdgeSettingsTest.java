package org.songprint.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.songprint.common.ratelimit.TrustedProxies;

/**
 * Behind the Ingress the services see the client as the controller saw it, serve the login over
 * HTTPS, keep the rate-limit exemption apart from the admin secret, and never run with development
 * defaults: checked on every rendered overlay.
 */
class EdgeSettingsTest {

    static final List<String> PUBLIC_SERVICES = List.of("fingerprint-service", "ingest-service", "account-service");

    @EveryOverlay
    void theIngressControllersPodsAreTrustedProxies(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        for (String service : PUBLIC_SERVICES) {
            Map<String, String> config = ConfigMapTest.mountedConfig(manifests, manifests.workload(service));
            String trusted = config.get("quarkus.http.proxy.trusted-proxies");
            assertThat(trusted).as("%s trusted proxies", service).isNotBlank();
            TrustedProxies proxies = new TrustedProxies(List.of(trusted.split(",")));
            // a controller pod appending the client's address: the client is taken, not the pod...
            assertThat(proxies.clientAddress("10.244.1.17", List.of("198.51.100.7"))).as(service).isEqualTo("198.51.100.7");
            // ...and a client writing its own header gets nothing from it
            assertThat(proxies.clientAddress("10.244.1.17", List.of("203.0.113.9, 198.51.100.7"))).as(service)
                    .isEqualTo("198.51.100.7");
            assertThat(proxies.clientAddress("198.51.100.7", List.of("203.0.113.9"))).as(service).isEqualTo("198.51.100.7");
        }
    }

    @EveryOverlay
    void theLoginIsServedOverHttpsWithSecureCookies(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Map<String, String> config = ConfigMapTest.mountedConfig(manifests, manifests.workload("account-service"));
        assertThat(config).containsEntry("songprint.session.force-secure", "true");
        for (String tenant : List.of("songprint", "google")) {
            assertThat(config).containsEntry("quarkus.oidc." + tenant + ".authentication.force-redirect-https-scheme", "true")
                    .containsEntry("quarkus.oidc." + tenant + ".authentication.cookie-force-secure", "true");
        }
        assertThat(secretOf(manifests.workload("account-service"), "OIDC_URL")).as("OIDC_URL")
                .hasValueSatisfying(ref -> assertThat(ref.getName()).isEqualTo("songprint-oidc"));
    }

    @EveryOverlay
    void theRateLimitExemptionHasASecretOfItsOwnAndNothingAllowsDevelopmentDefaults(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        for (String service : PUBLIC_SERVICES) {
            Manifests.Workload workload = manifests.workload(service);
            assertThat(secretOf(workload, "SONGPRINT_RATE_LIMIT_EXEMPT_SECRET")).as(service)
                    .hasValueSatisfying(ref -> assertThat(ref.getName()).isEqualTo("songprint-rate-limit-exempt"));
            assertThat(secretOf(workload, "SONGPRINT_ADMIN_SECRET")).as(service)
                    .hasValueSatisfying(ref -> assertThat(ref.getName()).isEqualTo("songprint-admin"));
        }
        for (Manifests.Workload workload : manifests.workloads()) {
            assertThat(workload.main().getEnv()).extracting(EnvVar::getName).as("%s", workload)
                    .doesNotContain("SONGPRINT_ALLOW_DEV_DEFAULTS", "SONGPRINT_ALLOW_DEVELOPMENT_DEFAULTS");
            assertThat(ConfigMapTest.mountedConfig(manifests, workload)).as("%s", workload)
                    .doesNotContainKey("songprint.allow-development-defaults");
        }
    }

    private static Optional<SecretKeySelector> secretOf(Manifests.Workload workload, String variable) {
        return workload.main().getEnv().stream().filter(env -> env.getName().equals(variable))
                .map(env -> env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef())
                .filter(ref -> ref != null).findFirst();
    }
}
