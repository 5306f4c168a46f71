package org.songprint.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network policies allow the traffic the architecture needs and nothing else between the pods
 * that matter: the ingress controller, the four services, their databases, Kafka, Redis, DNS, and
 * pods that have no business with the services.
 */
class NetworkPolicyTest {

    static final List<String> PUBLIC = List.of("fingerprint-service", "ingest-service", "account-service");

    @EveryOverlay
    void onlyTheTrafficTheArchitectureNeedsIsAllowed(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        String namespace = manifests.namespace();
        Map<String, String> namespaceLabels = new HashMap<>(Map.of("kubernetes.io/metadata.name", namespace));
        manifests.find(Namespace.class, namespace).ifPresent(ns -> {
            if (ns.getMetadata().getLabels() != null) {
                namespaceLabels.putAll(ns.getMetadata().getLabels());
            }
        });

        // pod addresses from a typical pod network; hosts outside the cluster have public ones
        int[] next = {1};
        Map<String, NetworkPolicies.Pod> services = new LinkedHashMap<>();
        for (Manifests.Workload workload : manifests.workloads()) {
            Map<String, Integer> named = new HashMap<>();
            workload.main().getPorts().forEach(p -> named.put(p.getName(), p.getContainerPort()));
            services.put(workload.name(), new NetworkPolicies.Pod(workload.name(), namespace, namespaceLabels,
                    workload.podLabels(), named, "10.244.1." + next[0]++));
        }
        Map<String, NetworkPolicies.Pod> databases = new LinkedHashMap<>();
        for (GenericKubernetesResource cluster : manifests.custom(CustomResourceSchemas.CNPG, "Cluster")) {
            // CloudNativePG labels every instance pod with its cluster
            databases.put(InfrastructureTest.initdb(cluster, "database"), new NetworkPolicies.Pod(
                    cluster.getMetadata().getName() + " primary", namespace, namespaceLabels,
                    Map.of("cnpg.io/cluster", cluster.getMetadata().getName(), "cnpg.io/instanceRole", "primary"), Map.of(),
                    "10.244.2." + next[0]++));
        }
        GenericKubernetesResource kafkaCluster = InfrastructureTest.kafka(manifests);
        String pool = manifests.custom(CustomResourceSchemas.STRIMZI, "KafkaNodePool").get(0).getMetadata().getName();
        // Strimzi's labels on a broker pod of a node pool
        NetworkPolicies.Pod kafka = new NetworkPolicies.Pod("kafka broker", namespace, namespaceLabels,
                Map.of("strimzi.io/cluster", kafkaCluster.getMetadata().getName(), "strimzi.io/kind", "Kafka",
                        "strimzi.io/name", kafkaCluster.getMetadata().getName() + "-kafka",
                        "strimzi.io/pool-name", pool, "strimzi.io/broker-role", "true", "strimzi.io/controller-role", "true"),
                Map.of(), "10.244.3.1");
        // the Redis chart's labels (release songprint-redis, docs/operations.md)
        NetworkPolicies.Pod redis = new NetworkPolicies.Pod("redis", namespace, namespaceLabels,
                Map.of("app.kubernetes.io/name", "redis", "app.kubernetes.io/instance", "songprint-redis",
                        "app.kubernetes.io/component", "master"), Map.of(), "10.244.3.2");
        NetworkPolicies.Pod ingressController = NetworkPolicies.Pod.of("ingress controller", "ingress-nginx",
                Map.of("app.kubernetes.io/name", "ingress-nginx", "app.kubernetes.io/component", "controller"), "10.244.4.1");
        NetworkPolicies.Pod dns = NetworkPolicies.Pod.of("cluster DNS", "kube-system", Map.of("k8s-app", "kube-dns"),
                "10.244.5.1");
        NetworkPolicies.Pod strangerHere = new NetworkPolicies.Pod("another pod of the namespace", namespace,
                namespaceLabels, Map.of("app.kubernetes.io/name", "debug-shell"), Map.of(), "10.244.6.1");
        NetworkPolicies.Pod strangerElsewhere = NetworkPolicies.Pod.of("a pod of another namespace", "other",
                Map.of("app.kubernetes.io/name", "ingress-nginx"), "10.244.6.2");
        // metadata-service fetches what its cache lacks from MusicBrainz's web service (HTTPS)
        NetworkPolicies.Pod musicBrainz = NetworkPolicies.Pod.external("musicbrainz.org", "203.0.113.10");

        List<NetworkPolicy> policies = new ArrayList<>(manifests.all(NetworkPolicy.class));
        policies.add(strimziListenerPolicy(kafkaCluster, namespace));
        NetworkPolicies network = new NetworkPolicies(policies);
        List<String> wrong = new ArrayList<>();

        for (Map.Entry<String, NetworkPolicies.Pod> entry : services.entrySet()) {
            String name = entry.getKey();
            NetworkPolicies.Pod service = entry.getValue();
            int port = service.namedPorts().get("http");
            boolean isPublic = PUBLIC.contains(name);
            expect(wrong, network, ingressController, service, port, "TCP", isPublic);
            expect(wrong, network, ingressController, service, port + 1000, "TCP", false);
            expect(wrong, network, strangerHere, service, port, "TCP", false);
            expect(wrong, network, strangerElsewhere, service, port, "TCP", false);
            for (Map.Entry<String, NetworkPolicies.Pod> other : services.entrySet()) {
                if (!other.getKey().equals(name)) {
                    // gRPC metadata for lookups; the catalogue pages' reads of /internal/catalogue
                    boolean needed = name.equals("fingerprint-service") && other.getKey().equals("metadata-service")
                            || name.equals("account-service") && other.getKey().equals("fingerprint-service");
                    expect(wrong, network, service, other.getValue(), other.getValue().namedPorts().get("http"), "TCP", needed);
                }
            }
            String ownDatabase = ServiceSources.of(name).database();
            for (Map.Entry<String, NetworkPolicies.Pod> database : databases.entrySet()) {
                expect(wrong, network, service, database.getValue(), 5432, "TCP", database.getKey().equals(ownDatabase));
            }
            expect(wrong, network, service, kafka, 9092, "TCP", true);
            expect(wrong, network, service, redis, 6379, "TCP", true);
            expect(wrong, network, service, dns, 53, "UDP", true);
            expect(wrong, network, service, dns, 53, "TCP", true);
            expect(wrong, network, service, strangerHere, 8080, "TCP", false);
            expect(wrong, network, service, strangerHere, 443, "TCP", false);
            // external HTTPS: metadata-service for MusicBrainz, account-service for its OIDC login providers
            expect(wrong, network, service, musicBrainz, 443, "TCP",
                    name.equals("metadata-service") || name.equals("account-service"));
            expect(wrong, network, service, musicBrainz, 80, "TCP", false);
            expect(wrong, network, service, kafka, 9093, "TCP", false);
        }
        expect(wrong, network, strangerHere, kafka, 9092, "TCP", false);
        assertThat(wrong).as("connections allowed or denied against the architecture").isEmpty();
    }

    private static void expect(List<String> wrong, NetworkPolicies network, NetworkPolicies.Pod from,
            NetworkPolicies.Pod to, int port, String protocol, boolean allowed) {
        if (network.allows(from, to, port, protocol) != allowed) {
            wrong.add(from + " -> " + to + ":" + port + "/" + protocol + " should be " + (allowed ? "allowed" : "denied"));
        }
    }

    /**
     * The policy Strimzi writes for the Kafka pods' plain listener: its networkPolicyPeers, or anyone
     * when it has none.
     */
    @SuppressWarnings("unchecked")
    private static NetworkPolicy strimziListenerPolicy(GenericKubernetesResource kafka, String namespace) {
        Map<String, Object> plain = InfrastructureTest.plainListener(kafka);
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        Object configured = plain.get("networkPolicyPeers");
        if (configured != null) {
            for (Object peer : (List<Object>) configured) {
                Map<String, Object> map = (Map<String, Object>) peer;
                NetworkPolicyPeer converted = new NetworkPolicyPeer();
                if (map.get("podSelector") != null) {
                    converted.setPodSelector(selector(map.get("podSelector")));
                }
                if (map.get("namespaceSelector") != null) {
                    converted.setNamespaceSelector(selector(map.get("namespaceSelector")));
                }
                peers.add(converted);
            }
        }
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName("strimzi-" + kafka.getMetadata().getName()).withNamespace(namespace).endMetadata()
                .withNewSpec()
                .withNewPodSelector().addToMatchLabels("strimzi.io/cluster", kafka.getMetadata().getName())
                .addToMatchLabels("strimzi.io/kind", "Kafka").endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().withFrom(peers).addNewPort().withNewPort(((Number) plain.get("port")).intValue())
                .withProtocol("TCP").endPort().endIngress()
                .endSpec().build();
    }

    private static LabelSelector selector(Object value) {
        try {
            return StrictModel.strict(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(value), LabelSelector.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("networkPolicyPeers selector is not a label selector: " + value, e);
        }
    }
}
