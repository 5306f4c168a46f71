package org.songprint.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The rendered and strictly parsed manifests of one kustomization (an overlay, or the base). */
final class Manifests {

    /** The repository's root (the k8s module's parent), where the services' sources are. */
    static final Path ROOT = Path.of(System.getProperty("songprint.root", "..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("k8s");

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    final String name;
    final String yaml;
    final List<JsonNode> documents;
    final List<HasMetadata> resources;

    private Manifests(String name, String yaml, List<JsonNode> documents, List<HasMetadata> resources) {
        this.name = name;
        this.yaml = yaml;
        this.documents = documents;
        this.resources = resources;
    }

    /** The overlays under k8s/overlays, each tested alike: a new overlay is covered by every test. */
    static Stream<String> overlays() {
        try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Manifests overlay(String overlay) {
        return of("overlays/" + overlay);
    }

    /** Renders k8s/&lt;directory&gt; with kubectl kustomize (once per test run) and parses every document strictly. */
    static Manifests of(String directory) {
        return RENDERED.computeIfAbsent(directory, dir -> parse(dir, Kubectl.kustomize(K8S.resolve(dir))));
    }

    /** Parses rendered YAML; every document must parse (see {@link StrictModel#parse}). */
    static Manifests parse(String name, String yaml) {
        List<JsonNode> documents = StrictModel.documents(yaml);
        List<HasMetadata> resources = new ArrayList<>();
        for (JsonNode document : documents) {
            resources.add(StrictModel.parse(document));
        }
        return new Manifests(name, yaml, documents, Collections.unmodifiableList(resources));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                this.name + " has no " + type.getSimpleName() + " named " + name));
    }

    /** Custom resources of one apiVersion and kind. */
    List<GenericKubernetesResource> custom(String apiVersion, String kind) {
        return all(GenericKubernetesResource.class).stream()
                .filter(r -> apiVersion.equals(r.getApiVersion()) && kind.equals(r.getKind())).toList();
    }

    /** The namespace the overlay puts everything in (null in the base). */
    String namespace() {
        List<String> namespaces = resources.stream().map(r -> r.getMetadata().getNamespace())
                .filter(ns -> ns != null).distinct().toList();
        if (namespaces.size() > 1) {
            throw new AssertionError(name + " spreads over several namespaces: " + namespaces);
        }
        return namespaces.isEmpty() ? null : namespaces.get(0);
    }

    /** Deployments and StatefulSets alike. */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Deployment d : all(Deployment.class)) {
            workloads.add(new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getReplicas(),
                    d.getSpec().getSelector(), d.getSpec().getTemplate(), List.of()));
        }
        for (StatefulSet s : all(StatefulSet.class)) {
            workloads.add(new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getReplicas(),
                    s.getSpec().getSelector(), s.getSpec().getTemplate(),
                    s.getSpec().getVolumeClaimTemplates() == null ? List.of() : s.getSpec().getVolumeClaimTemplates()));
        }
        return workloads;
    }

    Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this.name + " has no Deployment or StatefulSet " + name));
    }

    Optional<ConfigMap> configMap(String name) {
        return find(ConfigMap.class, name);
    }

    @Override
    public String toString() {
        return name;
    }

    /** A Deployment or a StatefulSet. */
    record Workload(String kind, String name, Integer replicas, LabelSelector selector, PodTemplateSpec template,
            List<PersistentVolumeClaim> claimTemplates) {

        Map<String, String> podLabels() {
            Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
            return labels == null ? Map.of() : labels;
        }

        List<Container> containers() {
            return template.getSpec().getContainers();
        }

        /** The container named after the workload: the service itself. */
        Container main() {
            return containers().stream().filter(c -> c.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(kind + " " + name + " has no container named " + name));
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }
}
