package org.songprint.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rendered manifest parses strictly; and the strict parsing really rejects what it should. */
class StrictModelTest {

    @Test
    void bothOverlaysExist() {
        assertThat(Manifests.overlays()).contains("dev", "prod");
    }

    @EveryOverlay
    void everyDocumentOfTheOverlayParsesStrictly(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        assertThat(manifests.resources).hasSameSizeAs(manifests.documents);
        assertThat(manifests.resources).extracting(HasMetadata::getKind)
                .contains("Namespace", "ConfigMap", "Service", "Deployment", "StatefulSet", "PodDisruptionBudget",
                        "NetworkPolicy", "Ingress", "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster");
        assertThat(manifests.resources).allSatisfy(r -> assertThat(r.getMetadata().getName()).isNotBlank());
        assertThat(manifests.namespace()).as("every resource of %s in one namespace", overlay).isNotBlank();
    }

    @Test
    void theBaseRendersAndParsesToo() {
        assertThat(Manifests.of("base").resources).isNotEmpty();
    }

    @Test
    void aMisspelledFieldDeepInAPodTemplateIsRejected() {
        String yaml = deployment("          readinesProbe:\n            httpGet:\n              path: /q/health/ready\n              port: 8080\n");
        assertThatThrownBy(() -> Manifests.parse("snippet", yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readinesProbe");
    }

    @Test
    void aMisspelledFieldInAProbeIsRejected() {
        String yaml = deployment("          readinessProbe:\n            httpGett:\n              path: /q/health/ready\n              port: 8080\n");
        assertThatThrownBy(() -> Manifests.parse("snippet", yaml)).hasMessageContaining("httpGett");
    }

    @Test
    void theSameManifestSpelledRightParses() {
        String yaml = deployment("          readinessProbe:\n            httpGet:\n              path: /q/health/ready\n              port: 8080\n");
        List<HasMetadata> resources = Manifests.parse("snippet", yaml).resources;
        assertThat(resources).singleElement().isInstanceOf(Deployment.class);
        Deployment deployment = (Deployment) resources.get(0);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe()
                .getHttpGet().getPath()).isEqualTo("/q/health/ready");
    }

    @Test
    void aDuplicateKeyIsRejected() {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n";
        assertThatThrownBy(() -> Manifests.parse("snippet", yaml)).hasMessageContaining("name");
    }

    @Test
    void anUnknownKindIsRejected() {
        String yaml = "apiVersion: example.org/v1\nkind: Gadget\nmetadata:\n  name: a\nspec: {}\n";
        assertThatThrownBy(() -> Manifests.parse("snippet", yaml)).hasMessageContaining("unexpected kind");
    }

    @Test
    void aMisspelledFieldOfACustomResourceIsRejected() {
        String yaml = """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: db
                spec:
                  instance: 3
                  storage:
                    size: 1Gi
                  bootstrap:
                    initdb:
                      database: x
                      owner: x
                """;
        assertThatThrownBy(() -> Manifests.parse("snippet", yaml))
                .hasMessageContaining("unknown field spec.instance")
                .hasMessageContaining("spec.instances is required");
    }

    @Test
    void aCustomResourceFieldOfTheWrongTypeIsRejected() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: t
                  labelz: {}
                spec:
                  partitions: "six"
                  replicas: 1
                """;
        assertThatThrownBy(() -> Manifests.parse("snippet", yaml))
                .hasMessageContaining("spec.partitions should be int")
                .hasMessageContaining("labelz");
    }

    private static String deployment(String probe) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: x
                spec:
                  selector:
                    matchLabels:
                      app: x
                  template:
                    metadata:
                      labels:
                        app: x
                    spec:
                      containers:
                        - name: x
                          image: x
                """ + probe;
    }
}
