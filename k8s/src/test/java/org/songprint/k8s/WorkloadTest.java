package org.songprint.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Deployments and the StatefulSet: one per service, with real probes, resources and a locked-down pod. */
class WorkloadTest {

    /** The working directory of images built by Quarkus' container-image-jib (its default), where config/ is read. */
    static final String WORKING_DIRECTORY = "/home/jboss";

    @EveryOverlay
    void everyServiceRunsAsOneWorkloadOfTheSameName(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        assertThat(manifests.workloads()).extracting(Manifests.Workload::name)
                .containsExactlyInAnyOrderElementsOf(ServiceSources.names());
        assertThat(manifests.workload("fingerprint-service").kind())
                .as("fingerprint-service keeps an index per replica on its own volume: a StatefulSet")
                .isEqualTo("StatefulSet");
    }

    @EveryOverlay
    void probesPointAtTheSmallRyeHealthPathsOnTheServicesHttpPort(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        for (Manifests.Workload workload : manifests.workloads()) {
            ServiceSources service = ServiceSources.of(workload.name());
            Container container = workload.main();
            assertThat(service.hasExtension("quarkus-smallrye-health"))
                    .as("%s serves /q/health only with quarkus-smallrye-health", service).isTrue();
            Map<String, String> config = ConfigMapTest.mountedConfig(manifests, workload);
            for (String moved : List.of("quarkus.http.root-path", "quarkus.http.non-application-root-path",
                    "quarkus.smallrye-health.root-path", "quarkus.smallrye-health.liveness-path",
                    "quarkus.smallrye-health.readiness-path", "quarkus.smallrye-health.startup-path",
                    "quarkus.management.enabled")) {
                assertThat(service.packagedValue(moved)).as("%s: %s moves the health endpoints", service, moved).isNull();
                assertThat(config).as("%s: %s moves the health endpoints", workload, moved).doesNotContainKey(moved);
            }
            int port = config.containsKey("quarkus.http.port") ? Integer.parseInt(config.get("quarkus.http.port"))
                    : service.httpPort();
            ContainerPort http = container.getPorts().stream().filter(p -> p.getContainerPort() == port).findFirst()
                    .orElseThrow(() -> new AssertionError(workload + " does not declare the service's HTTP port " + port));
            assertProbe(workload, "startupProbe", container.getStartupProbe(), "/q/health/started", http);
            assertProbe(workload, "livenessProbe", container.getLivenessProbe(), "/q/health/live", http);
            assertProbe(workload, "readinessProbe", container.getReadinessProbe(), "/q/health/ready", http);
            // the readiness check of Kafka waits up to songprint.health.kafka-timeout-ms + 500 ms (3.5 s)
            assertThat(container.getReadinessProbe().getTimeoutSeconds()).as("%s readiness timeout", workload)
                    .isGreaterThanOrEqualTo(4);
        }
    }

    @EveryOverlay
    void metadataServiceServesGrpcOnItsHttpPort(String overlay) {
        ServiceSources metadata = ServiceSources.of("metadata-service");
        assertThat(metadata.hasExtension("quarkus-grpc")).isTrue();
        Map<String, String> config = ConfigMapTest.mountedConfig(Manifests.overlay(overlay),
                Manifests.overlay(overlay).workload("metadata-service"));
        String separate = config.getOrDefault("quarkus.grpc.server.use-separate-server",
                metadata.packagedValue("quarkus.grpc.server.use-separate-server"));
        assertThat(separate).as("gRPC on the HTTP port, the only port the Service and the policies open")
                .isEqualTo("false");
    }

    @EveryOverlay
    void everyContainerHasRequestsAndLimits(String overlay) {
        for (Manifests.Workload workload : Manifests.overlay(overlay).workloads()) {
            for (Container container : workload.containers()) {
                Map<String, Quantity> requests = container.getResources() == null ? null : container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources() == null ? null : container.getResources().getLimits();
                assertThat(requests).as("%s/%s requests", workload, container.getName()).containsKeys("cpu", "memory");
                assertThat(limits).as("%s/%s limits", workload, container.getName()).containsKeys("cpu", "memory");
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(Quantity.getAmountInBytes(requests.get(resource)))
                            .as("%s/%s: %s request within its limit", workload, container.getName(), resource)
                            .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get(resource)));
                }
            }
        }
    }

    @EveryOverlay
    void everyPodRunsAsNonRootOnAReadOnlyRootFilesystem(String overlay) {
        for (Manifests.Workload workload : Manifests.overlay(overlay).workloads()) {
            PodSpec pod = workload.template().getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertThat(pod.getAutomountServiceAccountToken()).as("%s needs no Kubernetes API token", workload).isFalse();
            for (Container container : workload.containers()) {
                SecurityContext security = container.getSecurityContext();
                assertThat(security).as("%s/%s securityContext", workload, container.getName()).isNotNull();
                Boolean nonRoot = security.getRunAsNonRoot() != null ? security.getRunAsNonRoot()
                        : podSecurity == null ? null : podSecurity.getRunAsNonRoot();
                assertThat(nonRoot).as("%s/%s runAsNonRoot", workload, container.getName()).isTrue();
                Long user = security.getRunAsUser() != null ? security.getRunAsUser()
                        : podSecurity == null ? null : podSecurity.getRunAsUser();
                assertThat(user).as("%s/%s runs as a non-zero uid", workload, container.getName()).isNotNull().isNotZero();
                assertThat(security.getReadOnlyRootFilesystem()).as("%s/%s readOnlyRootFilesystem", workload,
                        container.getName()).isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as("%s/%s allowPrivilegeEscalation", workload,
                        container.getName()).isFalse();
                assertThat(security.getCapabilities().getDrop()).as("%s/%s drops all capabilities", workload,
                        container.getName()).contains("ALL");
                // the JVM and Vert.x write under java.io.tmpdir
                assertThat(writableVolume(workload, container, "/tmp")).as("%s/%s: /tmp writable", workload,
                        container.getName()).isPresent();
            }
        }
    }

    @EveryOverlay
    void theFingerprintIndexLivesOnTheReplicasOwnPersistentVolume(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Manifests.Workload fingerprint = manifests.workload("fingerprint-service");
        String indexPath = ConfigMapTest.mountedConfig(manifests, fingerprint).get("songprint.index.path");
        assertThat(indexPath).as("songprint.index.path set for the cluster").isNotBlank();
        VolumeMount mount = mountCovering(fingerprint.main(), indexPath)
                .orElseThrow(() -> new AssertionError("no volume mounted over the index path " + indexPath));
        assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(fingerprint.claimTemplates()).as("the index volume comes from a volumeClaimTemplate")
                .anySatisfy(claim -> {
                    assertThat(claim.getMetadata().getName()).isEqualTo(mount.getName());
                    assertThat(claim.getSpec().getAccessModes()).contains("ReadWriteOnce");
                    assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");
                });
        assertThat(fingerprint.template().getSpec().getVolumes()).extracting(Volume::getName)
                .as("not shadowed by a pod volume of the same name").doesNotContain(mount.getName());
        assertThat(fingerprint.template().getSpec().getSecurityContext().getFsGroup())
                .as("fsGroup makes the claim writable for the non-root user").isNotNull();
    }

    @EveryOverlay
    void imagesAreTheQuarkusJibImagesOfTheServices(String overlay) {
        for (Manifests.Workload workload : Manifests.overlay(overlay).workloads()) {
            String image = workload.main().getImage();
            assertThat(image).as("%s image", workload).matches("(.+/)?songprint/" + workload.name() + ":[\\w][\\w.-]*");
            if (overlay.equals("prod")) {
                assertThat(image).as("prod runs a release, not a snapshot").doesNotContain("SNAPSHOT");
            }
        }
    }

    @EveryOverlay
    void noSecretValueIsWrittenIntoAnEnvironmentVariable(String overlay) {
        for (Manifests.Workload workload : Manifests.overlay(overlay).workloads()) {
            for (Container container : workload.containers()) {
                container.getEnv().stream()
                        .filter(env -> env.getName().matches("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL).*"))
                        .forEach(env -> {
                            assertThat(env.getValue()).as("%s: %s carries a literal value", workload, env.getName()).isNull();
                            assertThat(env.getValueFrom().getSecretKeyRef())
                                    .as("%s: %s comes from a Secret", workload, env.getName()).isNotNull();
                        });
            }
        }
    }

    private static void assertProbe(Manifests.Workload workload, String kind, Probe probe, String path, ContainerPort http) {
        assertThat(probe).as("%s %s", workload, kind).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as("%s %s is an HTTP GET", workload, kind).isNotNull();
        assertThat(get.getPath()).as("%s %s path", workload, kind).isEqualTo(path);
        IntOrString port = get.getPort();
        boolean samePort = port.getIntVal() != null ? port.getIntVal().equals(http.getContainerPort())
                : port.getStrVal().equals(http.getName());
        assertThat(samePort).as("%s %s port %s is the declared HTTP port %s (%d)", workload, kind,
                port.getIntVal() != null ? port.getIntVal() : port.getStrVal(), http.getName(), http.getContainerPort())
                .isTrue();
    }

    /** The writable emptyDir or claim mounted at the path. */
    private static Optional<VolumeMount> writableVolume(Manifests.Workload workload, Container container, String path) {
        return container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(path) && !Boolean.TRUE.equals(m.getReadOnly()))
                .filter(m -> workload.template().getSpec().getVolumes().stream()
                        .anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null)
                        || workload.claimTemplates().stream().anyMatch(c -> c.getMetadata().getName().equals(m.getName())))
                .findFirst();
    }

    static Optional<VolumeMount> mountCovering(Container container, String path) {
        return container.getVolumeMounts().stream()
                .filter(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath().replaceAll("/$", "") + "/"))
                .max((a, b) -> Integer.compare(a.getMountPath().length(), b.getMountPath().length()));
    }
}
