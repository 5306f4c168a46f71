package org.songprint.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each service's ConfigMap is mounted where Quarkus reads it and holds only properties the service
 * reads; its connection settings point at the operators' resources the overlay creates; every
 * environment variable is one the service reads, and every Secret is referenced by name only.
 */
class ConfigMapTest {

    /** Secrets created outside git by the operator of the installation (docs/operations.md), all optional. */
    static final Set<String> EXTERNAL_SECRETS = Set.of("songprint-redis", "songprint-admin", "songprint-oidc",
            "songprint-rate-limit-exempt");

    @Test
    void theQuarkusConfigurationCatalogueIsOnTheClasspath() {
        QuarkusConfigCatalogue catalogue = QuarkusConfigCatalogue.get();
        assertThat(catalogue.models()).as("extension jars with %s", QuarkusConfigCatalogue.MODEL).isGreaterThan(10);
        assertThat(catalogue.find("quarkus.http.port")).hasValueSatisfying(p -> assertThat(p.phase()).isEqualTo("RUN_TIME"));
        assertThat(catalogue.find("quarkus.log.category.\"io.smallrye.health\".level")).isPresent();
        assertThat(catalogue.findByEnvironmentVariable("QUARKUS_REDIS_PASSWORD")).isPresent();
    }

    @Test
    void theCheckTellsReadPropertiesFromTypos() {
        ServiceSources fingerprint = ServiceSources.of("fingerprint-service");
        assertThat(fingerprint.whyNotRead("songprint.index.path")).isNull();
        assertThat(fingerprint.whyNotRead("songprint.index.candidates")).as("from IndexConfig").isNull();
        assertThat(fingerprint.whyNotRead("songprint.import.group-id")).as("from ImportConfig").isNull();
        assertThat(fingerprint.whyNotRead("songprint.health.kafka-timeout-ms")).as("from acoustid-common").isNull();
        assertThat(fingerprint.whyNotRead("quarkus.datasource.jdbc.url")).isNull();
        assertThat(fingerprint.whyNotRead("quarkus.log.category.\"org.songprint\".level")).isNull();
        assertThat(fingerprint.whyNotRead("songprint.index.pth")).isNotNull();
        assertThat(fingerprint.whyNotRead("kafka.bootstrap.server")).isNotNull();
        assertThat(fingerprint.whyNotRead("quarkus.datasource.jdbc.urll")).contains("a typo?");
        assertThat(fingerprint.whyNotRead("quarkus.datasource.db-kind")).contains("fixed when the image is built");
        assertThat(fingerprint.whyNotRead("quarkus.oidc.client-id")).contains("belongs to no extension");
        assertThat(ServiceSources.of("ingest-service").whyNotRead("quarkus.grpc.server.port")).contains("belongs to no extension");
        assertThat(ServiceSources.of("metadata-service").whyNotRead("quarkus.grpc.server.port")).isNull();
        assertThat(fingerprint.whyNotReadFromEnvironment("PG_PASSWORD")).isNull();
        assertThat(fingerprint.whyNotReadFromEnvironment("SONGPRINT_ADMIN_SECRET")).isNull();
        assertThat(fingerprint.whyNotReadFromEnvironment("QUARKUS_REDIS_PASSWORD")).isNull();
        assertThat(fingerprint.whyNotReadFromEnvironment("SONGPRINT_INDEX_PATH")).isNull();
        assertThat(fingerprint.whyNotReadFromEnvironment("PG_PASSWRD")).isNotNull();
        assertThat(fingerprint.whyNotReadFromEnvironment("QUARKUS_OIDC_CREDENTIALS_SECRET")).isNotNull();
        assertThat(ServiceSources.of("ingest-service").whyNotReadFromEnvironment("SONGPRINT_INDEX_PATH")).isNotNull();
    }

    @EveryOverlay
    void everyConfigMapKeyIsAPropertyItsServiceReads(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (Manifests.Workload workload : manifests.workloads()) {
            ServiceSources service = ServiceSources.of(workload.name());
            Map<String, String> config = mountedConfig(manifests, workload);
            assertThat(config).as("%s configuration", workload).isNotEmpty();
            config.keySet().forEach(key -> {
                String why = service.whyNotRead(key);
                if (why != null) {
                    problems.add(workload.name() + ": " + key + " - " + why);
                }
            });
        }
        assertThat(problems).as("ConfigMap keys the services do not read").isEmpty();
    }

    @EveryOverlay
    void everyConfigMapBelongsToTheServiceThatMountsIt(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Map<String, String> mountedBy = new LinkedHashMap<>();
        for (Manifests.Workload workload : manifests.workloads()) {
            mountedBy.put(configVolume(workload).getConfigMap().getName(), workload.name());
        }
        for (ConfigMap configMap : manifests.all(ConfigMap.class)) {
            String name = configMap.getMetadata().getName();
            assertThat(mountedBy).as("ConfigMap %s is mounted by a service", name).containsKey(name);
            assertThat(configMap.getMetadata().getLabels()).as("ConfigMap %s labels", name)
                    .containsEntry("app.kubernetes.io/name", mountedBy.get(name));
            assertThat(configMap.getData()).as("ConfigMap %s holds the one file Quarkus reads", name)
                    .containsOnlyKeys("application.yaml");
        }
    }

    @EveryOverlay
    void databaseSettingsPointAtTheServicesOwnCloudNativePgCluster(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Map<String, GenericKubernetesResource> clusterByDatabase = manifests.custom(CustomResourceSchemas.CNPG, "Cluster")
                .stream().collect(Collectors.toMap(c -> InfrastructureTest.initdb(c, "database"), c -> c));
        for (Manifests.Workload workload : manifests.workloads()) {
            ServiceSources service = ServiceSources.of(workload.name());
            String database = service.database();
            GenericKubernetesResource cluster = clusterByDatabase.get(database);
            assertThat(cluster).as("a CloudNativePG Cluster creating %s for %s", database, service).isNotNull();
            String clusterName = cluster.getMetadata().getName();
            Map<String, String> config = mountedConfig(manifests, workload);
            assertThat(config).as("%s datasource", workload)
                    .containsEntry("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + clusterName + "-rw:5432/" + database)
                    .containsEntry("quarkus.datasource.reactive.url", "postgresql://" + clusterName + "-rw:5432/" + database);
            Container container = workload.main();
            // the packaged configuration reads the credentials from PG_USER and PG_PASSWORD
            assertThat(service.packagedValue("quarkus.datasource.username")).contains("${PG_USER");
            assertThat(service.packagedValue("quarkus.datasource.password")).contains("${PG_PASSWORD");
            assertSecretRef(workload, container, "PG_USER", clusterName + "-app", "username");
            assertSecretRef(workload, container, "PG_PASSWORD", clusterName + "-app", "password");
        }
    }

    @EveryOverlay
    void kafkaSettingsPointAtTheStrimziClustersPlainListener(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        GenericKubernetesResource kafka = InfrastructureTest.kafka(manifests);
        Map<String, Object> plain = InfrastructureTest.plainListener(kafka);
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + plain.get("port");
        for (Manifests.Workload workload : manifests.workloads()) {
            assertThat(mountedConfig(manifests, workload)).as("%s Kafka", workload)
                    .containsEntry("kafka.bootstrap.servers", bootstrap);
        }
    }

    @EveryOverlay
    void fingerprintServiceCallsMetadataServiceThroughAServiceOfItsPods(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        ServiceSources fingerprint = ServiceSources.of("fingerprint-service");
        Map<String, String> config = mountedConfig(manifests, manifests.workload("fingerprint-service"));
        String prefix = "quarkus.grpc.clients.metadata.";
        String host = config.getOrDefault(prefix + "host", fingerprint.packagedValue(prefix + "host"));
        String port = config.getOrDefault(prefix + "port", fingerprint.packagedValue(prefix + "port"));
        assertThat(host).as("the gRPC client's host is a Service name").matches("[a-z0-9-]+");
        Service service = manifests.get(Service.class, host);
        Manifests.Workload metadata = manifests.workload("metadata-service");
        assertThat(metadata.podLabels().entrySet()).as("Service %s selects metadata-service's pods", host)
                .containsAll(service.getSpec().getSelector().entrySet());
        int grpcPort = metadata.main().getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow().getContainerPort();
        assertThat(service.getSpec().getPorts()).as("Service %s port %s reaches metadata-service's HTTP/gRPC port", host, port)
                .anyMatch(p -> String.valueOf(p.getPort()).equals(port)
                        && ("http".equals(p.getTargetPort().getStrVal()) || Integer.valueOf(grpcPort).equals(p.getTargetPort().getIntVal())));
        if ("round_robin".equals(config.get(prefix + "load-balancing-policy"))) {
            assertThat(service.getSpec().getClusterIP()).as("round robin needs a record per pod: a headless Service")
                    .isEqualTo("None");
        }
    }

    @EveryOverlay
    void everyEnvironmentVariableIsReadAndEverySecretIsReferencedByNameOnly(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        Set<String> operatorSecrets = manifests.custom(CustomResourceSchemas.CNPG, "Cluster").stream()
                .map(c -> c.getMetadata().getName() + "-app").collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (Manifests.Workload workload : manifests.workloads()) {
            ServiceSources service = ServiceSources.of(workload.name());
            for (EnvVar env : workload.main().getEnv()) {
                String why = service.whyNotReadFromEnvironment(env.getName());
                if (why != null) {
                    problems.add(workload.name() + ": " + env.getName() + " - " + why);
                }
                SecretKeySelector secret = env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef();
                if (secret != null && !operatorSecrets.contains(secret.getName())) {
                    if (!EXTERNAL_SECRETS.contains(secret.getName())) {
                        problems.add(workload.name() + ": " + env.getName() + " reads Secret " + secret.getName()
                                + ", neither an operator's nor a documented one " + EXTERNAL_SECRETS);
                    } else if (!Boolean.TRUE.equals(secret.getOptional())) {
                        problems.add(workload.name() + ": " + env.getName() + " needs Secret " + secret.getName()
                                + ", which an installation may not have: make it optional");
                    }
                }
            }
            assertThat(workload.main().getEnvFrom()).as("%s: no bulk envFrom", workload).isNullOrEmpty();
        }
        assertThat(problems).isEmpty();
    }

    /** The service's configuration as the container sees it: config/application.yaml in its working directory, flattened. */
    static Map<String, String> mountedConfig(Manifests manifests, Manifests.Workload workload) {
        Volume volume = configVolume(workload);
        String name = volume.getConfigMap().getName();
        ConfigMap configMap = manifests.configMap(name)
                .orElseThrow(() -> new AssertionError(workload + " mounts ConfigMap " + name + ", which is not rendered"));
        String file = "application.yaml";
        List<KeyToPath> items = volume.getConfigMap().getItems();
        if (items != null && !items.isEmpty()) {
            KeyToPath item = items.stream().filter(i -> i.getPath().equals("application.yaml")).findFirst()
                    .orElseThrow(() -> new AssertionError(workload + " does not project application.yaml"));
            file = item.getKey();
        }
        String yaml = configMap.getData() == null ? null : configMap.getData().get(file);
        assertThat(yaml).as("ConfigMap %s key %s", name, file).isNotNull();
        Map<String, String> properties = new LinkedHashMap<>();
        YamlProperties.flatten(StrictModel.tree(yaml)).forEach((k, v) -> properties.put(YamlProperties.withoutProfile(k), v));
        return properties;
    }

    /** The configMap volume mounted at &lt;working directory&gt;/config, where quarkus-config-yaml looks. */
    static Volume configVolume(Manifests.Workload workload) {
        String configDir = WorkloadTest.WORKING_DIRECTORY + "/config";
        VolumeMount mount = workload.main().getVolumeMounts().stream()
                .filter(m -> m.getMountPath().replaceAll("/$", "").equals(configDir) && m.getSubPath() == null)
                .findFirst()
                .orElseThrow(() -> new AssertionError(workload + " mounts no ConfigMap at " + configDir));
        Volume volume = workload.template().getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                .findFirst().orElseThrow(() -> new AssertionError(workload + " has no volume " + mount.getName()));
        assertThat(volume.getConfigMap()).as("%s: %s is a ConfigMap volume", workload, mount.getName()).isNotNull();
        return volume;
    }

    private static void assertSecretRef(Manifests.Workload workload, Container container, String variable, String secret,
            String key) {
        EnvVar env = container.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                .orElseThrow(() -> new AssertionError(workload + " does not set " + variable));
        SecretKeySelector ref = env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef();
        assertThat(ref).as("%s %s from a Secret", workload, variable).isNotNull();
        assertThat(ref.getName()).as("%s %s Secret", workload, variable).isEqualTo(secret);
        assertThat(ref.getKey()).as("%s %s key", workload, variable).isEqualTo(key);
        assertThat(ref.getOptional()).as("%s %s: the database credentials are required", workload, variable)
                .isNotEqualTo(Boolean.TRUE);
    }
}
