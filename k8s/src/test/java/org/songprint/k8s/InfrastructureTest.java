package org.songprint.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka (Strimzi, KRaft with a node pool) with a KafkaTopic per topic of the suite, and a CloudNativePG
 * Cluster per service database.
 */
class InfrastructureTest {

    private static final Pattern TOPIC_CONSTANT = Pattern.compile("public static final String (\\w+) = \"([^\"]+)\";");

    @EveryOverlay
    void kafkaRunsInKraftModeOnANodePoolOfControllersAndBrokers(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        GenericKubernetesResource kafka = kafka(manifests);
        Map<String, Object> spec = map(kafka.getAdditionalProperties().get("spec"));
        assertThat(spec).as("no ZooKeeper").doesNotContainKey("zookeeper");
        assertThat(map(spec.get("kafka"))).as("replicas and storage belong to the node pool")
                .doesNotContainKeys("replicas", "storage");
        List<GenericKubernetesResource> pools = manifests.custom(CustomResourceSchemas.STRIMZI, "KafkaNodePool");
        assertThat(pools).as("node pools").isNotEmpty();
        assertThat(pools).allSatisfy(pool -> assertThat(pool.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
        assertThat(pools.stream().flatMap(p -> list(map(p.getAdditionalProperties().get("spec")).get("roles")).stream()))
                .as("KRaft needs controllers and brokers").contains("controller", "broker");
        assertThat(map(spec.get("entityOperator"))).as("the topic operator reconciles the KafkaTopics")
                .containsKey("topicOperator");
        Map<String, Object> plain = plainListener(kafka);
        assertThat(plain).containsEntry("tls", false).containsEntry("type", "internal");
    }

    @EveryOverlay
    void everyTopicOfTheSuiteIsAKafkaTopicLikeTheLocalStackCreatesIt(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        GenericKubernetesResource kafka = kafka(manifests);
        Map<String, Integer> expected = topicsConf();
        assertThat(expected.keySet()).as("scripts/topics.conf and Topics.java name the same topics")
                .containsExactlyInAnyOrderElementsOf(topicConstants());
        int brokers = brokers(manifests);
        Map<String, Object> kafkaConfig = map(map(map(kafka.getAdditionalProperties().get("spec")).get("kafka")).get("config"));
        int minInsync = ((Number) kafkaConfig.getOrDefault("min.insync.replicas", 1)).intValue();
        Map<String, GenericKubernetesResource> topics = new LinkedHashMap<>();
        manifests.custom(CustomResourceSchemas.STRIMZI, "KafkaTopic").forEach(t -> topics.put(topicName(t), t));
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, GenericKubernetesResource> entry : topics.entrySet()) {
            GenericKubernetesResource topic = entry.getValue();
            Map<String, Object> spec = map(topic.getAdditionalProperties().get("spec"));
            assertThat(topic.getMetadata().getLabels()).as("topic %s belongs to the cluster", entry.getKey())
                    .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            assertThat(spec.get("partitions")).as("topic %s partitions", entry.getKey()).isEqualTo(expected.get(entry.getKey()));
            int replicas = (Integer) spec.get("replicas");
            assertThat(replicas).as("topic %s replicas fit on the brokers", entry.getKey()).isBetween(1, brokers);
            assertThat(minInsync).as("topic %s: acks=all writes need min.insync.replicas <= replicas", entry.getKey())
                    .isLessThanOrEqualTo(replicas);
            if (overlay.equals("prod")) {
                assertThat(replicas).as("prod: topic %s survives a broker", entry.getKey()).isGreaterThanOrEqualTo(3);
                assertThat(minInsync).as("prod: a write is on two brokers").isGreaterThanOrEqualTo(2);
            }
        }
        Map<String, Object> applications = map(map(topics.get("applications").getAdditionalProperties().get("spec")).get("config"));
        assertThat(applications).as("applications is compacted: a replay gives every key's last state")
                .containsEntry("cleanup.policy", "compact");
    }

    @EveryOverlay
    void everyServiceDatabaseIsACloudNativePgClusterCreatedByInitdb(String overlay) {
        Manifests manifests = Manifests.overlay(overlay);
        List<GenericKubernetesResource> clusters = manifests.custom(CustomResourceSchemas.CNPG, "Cluster");
        List<String> databases = ServiceSources.names().stream().map(s -> ServiceSources.of(s).database()).toList();
        assertThat(databases).containsExactlyInAnyOrder("acoustid_fingerprint", "acoustid_ingest", "acoustid_app", "musicbrainz");
        assertThat(clusters).extracting(c -> initdb(c, "database")).containsExactlyInAnyOrderElementsOf(databases);
        for (GenericKubernetesResource cluster : clusters) {
            assertThat(initdb(cluster, "owner")).as("%s owner", cluster.getMetadata().getName()).isNotBlank();
            int instances = (Integer) map(cluster.getAdditionalProperties().get("spec")).get("instances");
            assertThat(instances).isPositive();
            if (overlay.equals("prod")) {
                assertThat(instances).as("prod: %s has a primary and replicas", cluster.getMetadata().getName())
                        .isGreaterThanOrEqualTo(2);
            }
        }
        for (String service : ServiceSources.names()) {
            assertThat(ServiceSources.of(service).packagedValue("quarkus.flyway.migrate-at-start"))
                    .as("%s migrates its database at start: initdb only creates it", service).isEqualTo("true");
        }
    }

    static GenericKubernetesResource kafka(Manifests manifests) {
        List<GenericKubernetesResource> kafkas = manifests.custom(CustomResourceSchemas.STRIMZI, "Kafka");
        assertThat(kafkas).as("one Strimzi Kafka").hasSize(1);
        return kafkas.get(0);
    }

    static Map<String, Object> plainListener(GenericKubernetesResource kafka) {
        Map<String, Object> spec = map(map(kafka.getAdditionalProperties().get("spec")).get("kafka"));
        return list(spec.get("listeners")).stream().map(InfrastructureTest::map)
                .filter(l -> "plain".equals(l.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no listener named plain"));
    }

    static String initdb(GenericKubernetesResource cluster, String field) {
        Map<String, Object> spec = map(cluster.getAdditionalProperties().get("spec"));
        return (String) map(map(spec.get("bootstrap")).get("initdb")).get(field);
    }

    static int brokers(Manifests manifests) {
        return manifests.custom(CustomResourceSchemas.STRIMZI, "KafkaNodePool").stream()
                .map(p -> map(p.getAdditionalProperties().get("spec")))
                .filter(s -> list(s.get("roles")).contains("broker"))
                .mapToInt(s -> (Integer) s.get("replicas")).sum();
    }

    private static String topicName(GenericKubernetesResource topic) {
        Object explicit = map(topic.getAdditionalProperties().get("spec")).get("topicName");
        return explicit != null ? (String) explicit : topic.getMetadata().getName();
    }

    /** The topic names of acoustid-common's Topics, the services' contract. */
    private static List<String> topicConstants() {
        String java = ServiceSources.read(Manifests.ROOT.resolve(
                "acoustid-common/src/main/java/org/songprint/common/event/Topics.java"));
        Matcher constant = TOPIC_CONSTANT.matcher(java);
        List<String> names = new ArrayList<>();
        while (constant.find()) {
            names.add(constant.group(2));
        }
        assertThat(names).as("topic constants in Topics.java").isNotEmpty();
        return names;
    }

    /** scripts/topics.conf: name and partitions of every topic the local stack creates. */
    private static Map<String, Integer> topicsConf() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String line : ServiceSources.read(Manifests.ROOT.resolve("scripts/topics.conf")).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            topics.put(fields[0], Integer.parseInt(fields[1]));
        }
        return topics;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
