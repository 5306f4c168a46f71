package org.songprint.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Evaluates Kubernetes NetworkPolicy semantics for a connection between two pods, so the tests can
 * state the traffic the architecture needs (and the traffic it must not have) and check the rendered
 * policies allow exactly that. A connection needs both sides: the source's egress (if any policy
 * selects the source for Egress) and the destination's ingress (likewise). Every pod has an IPv4
 * address, so ipBlock peers (for destinations outside the cluster) are evaluated as Kubernetes does:
 * an ipBlock matches pods too when their address is in it.
 */
final class NetworkPolicies {

    /**
     * A pod: its namespace (with that namespace's labels; null for a host outside the cluster), its
     * labels, the ports it declares by name, and its IPv4 address.
     */
    record Pod(String description, String namespace, Map<String, String> namespaceLabels, Map<String, String> labels,
            Map<String, Integer> namedPorts, String ip) {

        static Pod of(String description, String namespace, Map<String, String> labels, String ip) {
            return new Pod(description, namespace, Map.of("kubernetes.io/metadata.name", namespace), labels, Map.of(), ip);
        }

        /** A host outside the cluster: no namespace, no labels; only ipBlocks can match it. */
        static Pod external(String description, String ip) {
            return new Pod(description, null, Map.of(), Map.of(), Map.of(), ip);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private final List<NetworkPolicy> policies;

    NetworkPolicies(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    /** Whether a connection from one pod to a port of another is allowed. */
    boolean allows(Pod from, Pod to, int port, String protocol) {
        return egressAllows(from, to, port, protocol) && ingressAllows(from, to, port, protocol);
    }

    private boolean egressAllows(Pod from, Pod to, int port, String protocol) {
        return anyRuleAllows(selecting(from, "Egress"), policy -> policy.getSpec().getEgress(),
                NetworkPolicyEgressRule::getTo, NetworkPolicyEgressRule::getPorts, to, to, port, protocol);
    }

    private boolean ingressAllows(Pod from, Pod to, int port, String protocol) {
        return anyRuleAllows(selecting(to, "Ingress"), policy -> policy.getSpec().getIngress(),
                NetworkPolicyIngressRule::getFrom, NetworkPolicyIngressRule::getPorts, from, to, port, protocol);
    }

    /**
     * Whether the policies selecting a pod in one direction let {@code peer} through to {@code port} of
     * {@code to}: true when none selects it (nothing is isolated), else when one of their rules of that
     * direction names the peer and the port.
     */
    private static <R> boolean anyRuleAllows(List<NetworkPolicy> selecting, Function<NetworkPolicy, List<R>> rules,
            Function<R, List<NetworkPolicyPeer>> peers, Function<R, List<NetworkPolicyPort>> ports, Pod peer, Pod to,
            int port, String protocol) {
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy policy : selecting) {
            List<R> policyRules = rules.apply(policy);
            for (R rule : policyRules == null ? List.<R>of() : policyRules) {
                if (peersMatch(peers.apply(rule), policy, peer) && portsMatch(ports.apply(rule), to, port, protocol)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The policies of the pod's namespace that select it and apply to the direction. */
    private List<NetworkPolicy> selecting(Pod pod, String direction) {
        return policies.stream()
                .filter(p -> p.getMetadata().getNamespace().equals(pod.namespace()))
                .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels()))
                .filter(p -> policyTypes(p).contains(direction))
                .toList();
    }

    private static List<String> policyTypes(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return types;
        }
        // Kubernetes' default: Ingress, plus Egress when there are egress rules
        return policy.getSpec().getEgress() != null && !policy.getSpec().getEgress().isEmpty()
                ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private static boolean peersMatch(List<NetworkPolicyPeer> peers, NetworkPolicy policy, Pod pod) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                if (inBlock(pod.ip(), peer.getIpBlock().getCidr())
                        && (peer.getIpBlock().getExcept() == null
                                || peer.getIpBlock().getExcept().stream().noneMatch(except -> inBlock(pod.ip(), except)))) {
                    return true;
                }
                continue;
            }
            if (pod.namespace() == null) {
                continue; // outside the cluster: pod and namespace selectors never match it
            }
            boolean namespaceOk = peer.getNamespaceSelector() == null
                    ? pod.namespace().equals(policy.getMetadata().getNamespace())
                    : matches(peer.getNamespaceSelector(), pod.namespaceLabels());
            boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Pod to, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort rule : ports) {
            String ruleProtocol = rule.getProtocol() == null ? "TCP" : rule.getProtocol();
            if (!ruleProtocol.equals(protocol)) {
                continue;
            }
            IntOrString rulePort = rule.getPort();
            if (rulePort == null) {
                return true;
            }
            if (rulePort.getIntVal() != null) {
                int end = rule.getEndPort() == null ? rulePort.getIntVal() : rule.getEndPort();
                if (port >= rulePort.getIntVal() && port <= end) {
                    return true;
                }
            } else if (Integer.valueOf(port).equals(to.namedPorts().get(rulePort.getStrVal()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether an IPv4 address is in a CIDR block (an IPv6 block never holds one). */
    static boolean inBlock(String ip, String cidr) {
        if (ip == null || cidr.contains(":")) {
            return false;
        }
        String[] parts = cidr.split("/");
        int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    /** Kubernetes label selector semantics (an empty selector matches everything). */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> required : selector.getMatchLabels().entrySet()) {
                if (!required.getValue().equals(labels.get(required.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new IllegalArgumentException("unknown selector operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
