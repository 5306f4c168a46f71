package org.songprint.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Services select the pods they name, the Ingress routes the public paths, autoscalers and budgets fit. */
class RoutingTest {

    /** The public base URL's routes, as AcoustID and scripts/nginx.conf.template have them. */
    static final Map<String, String> ROUTES = routes();

    private static Map<String, String> routes() {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("/v2/lookup", "fingerprint-service");
        routes.put("/v2/track", "fingerprint-service");
        routes.put("/v2/fingerprint", "fingerprint-service");
        routes.put("/v2/submit", "ingest-service");
        routes.put("/v2/submission_status", "ingest-service");
        routes.put("/v2/user", "account-service");
        routes.put("/", "account-service");
        return routes;
    }

    @EveryOverlay
    void everyServiceSelectsTheDeclaredPortOfAWorkloadsPods(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        for (Service service : manifests.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            assertThat(selector).as("Service %s selector", service.getMetadata().getName()).isNotEmpty();
            List<Manifests.Workload> selected = manifests.workloads().stream()
                    .filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(selected).as("Service %s selects the pods of exactly one workload", service.getMetadata().getName())
                    .hasSize(1);
            Manifests.Workload workload = selected.get(0);
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(declaredPort(workload, port.getTargetPort() != null ? port.getTargetPort()
                        : new IntOrString(port.getPort())))
                        .as("Service %s port %s targets a port %s declares", service.getMetadata().getName(), port.getName(),
                                workload).isNotNull();
            }
        }
        for (Manifests.Workload workload : manifests.workloads()) {
            assertThat(NetworkPolicies.matches(workload.selector(), workload.podLabels()))
                    .as("%s selector matches its own pod template", workload).isTrue();
            assertThat(manifests.all(Service.class)).as("%s is behind a Service", workload)
                    .anyMatch(s -> workload.podLabels().entrySet().containsAll(s.getSpec().getSelector().entrySet()));
        }
    }

    @EveryOverlay
    void theIngressRoutesEveryPublicPathToItsService(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        List<Ingress> ingresses = manifests.all(Ingress.class);
        assertThat(ingresses).as("one public base URL").hasSize(1);
        Ingress ingress = ingresses.get(0);
        List<IngressRule> rules = ingress.getSpec().getRules();
        assertThat(rules).as("one host").hasSize(1);
        String host = rules.get(0).getHost();
        assertThat(host).isNotBlank();
        Map<String, String> routed = new LinkedHashMap<>();
        for (HTTPIngressPath path : rules.get(0).getHttp().getPaths()) {
            assertThat(path.getPathType()).as("path %s", path.getPath()).isEqualTo("Prefix");
            IngressServiceBackend backend = path.getBackend().getService();
            Service service = manifests.get(Service.class, backend.getName());
            assertThat(service.getSpec().getPorts()).as("%s -> %s port", path.getPath(), backend.getName())
                    .anyMatch(p -> backend.getPort().getName() != null ? backend.getPort().getName().equals(p.getName())
                            : backend.getPort().getNumber().equals(p.getPort()));
            Manifests.Workload workload = manifests.workloads().stream()
                    .filter(w -> w.podLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError(path.getPath() + " -> Service "
                            + backend.getName() + ", which selects no workload's pods"));
            routed.put(path.getPath(), workload.name());
        }
        assertThat(routed).as("public paths -> services").containsExactlyInAnyOrderEntriesOf(ROUTES);
        assertThat(routed.values()).as("metadata-service is internal").doesNotContain("metadata-service");
        if (overlay.equals("prod")) {
            assertThat(ingress.getSpec().getTls()).as("prod serves TLS").singleElement().satisfies(tls -> {
                assertThat(tls.getHosts()).contains(host);
                assertThat(tls.getSecretName()).isNotBlank();
            });
        }
    }

    @EveryOverlay
    void autoscalersTargetTheStatelessPublicServicesAndOwnTheirReplicaCount(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        List<HorizontalPodAutoscaler> autoscalers = manifests.all(HorizontalPodAutoscaler.class);
        for (HorizontalPodAutoscaler hpa : autoscalers) {
            var target = hpa.getSpec().getScaleTargetRef();
            Manifests.Workload workload = manifests.workload(target.getName());
            assertThat(target.getKind()).as("HPA %s target kind", hpa.getMetadata().getName()).isEqualTo(workload.kind());
            assertThat(target.getApiVersion()).isEqualTo("apps/v1");
            assertThat(workload.replicas()).as("%s leaves its replica count to the autoscaler", workload).isNull();
            assertThat(hpa.getSpec().getMinReplicas()).isPositive()
                    .isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            assertThat(hpa.getSpec().getMetrics()).isNotEmpty();
        }
        List<String> scaled = autoscalers.stream().map(h -> h.getSpec().getScaleTargetRef().getName()).toList();
        assertThat(scaled).as("metadata-service is not autoscaled").doesNotContain("metadata-service");
        if (overlay.equals("prod")) {
            assertThat(scaled).containsExactlyInAnyOrder("ingest-service", "account-service", "fingerprint-service");
            assertThat(autoscalers).allSatisfy(h -> assertThat(h.getSpec().getMinReplicas())
                    .as("prod: %s keeps two replicas", h.getMetadata().getName()).isGreaterThanOrEqualTo(2));
        } else if (overlay.equals("dev")) {
            assertThat(autoscalers).as("dev runs one replica of each").isEmpty();
            assertThat(manifests.workloads()).allSatisfy(w -> assertThat(w.replicas() == null ? 1 : w.replicas())
                    .as("%s replicas", w).isEqualTo(1));
        }
    }

    @EveryOverlay
    void everyWorkloadHasADisruptionBudgetThatNeverBlocksADrain(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        for (Manifests.Workload workload : manifests.workloads()) {
            List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class).stream()
                    .filter(p -> NetworkPolicies.matches(p.getSpec().getSelector(), workload.podLabels())).toList();
            assertThat(budgets).as("%s disruption budget", workload).hasSize(1);
            PodDisruptionBudget budget = budgets.get(0);
            assertThat(budget.getSpec().getMinAvailable()).as("minAvailable would block draining one replica").isNull();
            assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        }
    }

    /** The container port a Service's targetPort names (by name or number), or null. */
    private static ContainerPort declaredPort(Manifests.Workload workload, IntOrString target) {
        return workload.containers().stream().flatMap(c -> c.getPorts().stream())
                .filter(p -> target.getIntVal() != null ? target.getIntVal().equals(p.getContainerPort())
                        : target.getStrVal().equals(p.getName()))
                .findFirst().orElse(null);
    }
}
