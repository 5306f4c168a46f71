package org.songprint.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The custom resources of the operators the suite relies on, and the part of their schema these
 * manifests use. Without the operators' CRDs (not on the classpath, and large) the resources are
 * checked against this subset: a field outside it, a missing required field or a scalar of the wrong
 * type fails, so a typo such as {@code instance: 3} in a CloudNativePG Cluster does not pass silently.
 * Free-form sections (Kafka broker config, resources, templates) are not looked into. A field the
 * operator supports but this subset lacks can be added here when a manifest needs it.
 */
final class CustomResourceSchemas {

    static final String STRIMZI = "kafka.strimzi.io/v1";
    static final String CNPG = "postgresql.cnpg.io/v1";

    private sealed interface Shape permits Obj, ListOf, Scalar, Free {
    }

    private record Obj(Map<String, Shape> fields, Set<String> required) implements Shape {
    }

    private record ListOf(Shape item) implements Shape {
    }

    private enum Scalar implements Shape { STRING, INT, BOOL }

    private record Free() implements Shape {
    }

    private static final Shape FREE = new Free();

    private static final Map<String, Shape> SPECS = Map.of(
            STRIMZI + "/KafkaNodePool", obj(Set.of("replicas", "roles", "storage"),
                    "replicas", Scalar.INT,
                    "roles", new ListOf(Scalar.STRING),
                    "storage", obj(Set.of("type"),
                            "type", Scalar.STRING,
                            "size", Scalar.STRING,
                            "class", Scalar.STRING,
                            "deleteClaim", Scalar.BOOL,
                            "volumes", new ListOf(obj(Set.of("id", "type"),
                                    "id", Scalar.INT,
                                    "type", Scalar.STRING,
                                    "size", Scalar.STRING,
                                    "class", Scalar.STRING,
                                    "deleteClaim", Scalar.BOOL,
                                    "kraftMetadata", Scalar.STRING))),
                    "resources", FREE,
                    "jvmOptions", FREE,
                    "template", FREE),
            STRIMZI + "/Kafka", obj(Set.of("kafka"),
                    "kafka", obj(Set.of("version", "listeners"),
                            "version", Scalar.STRING,
                            "metadataVersion", Scalar.STRING,
                            "listeners", new ListOf(obj(Set.of("name", "port", "type", "tls"),
                                    "name", Scalar.STRING,
                                    "port", Scalar.INT,
                                    "type", Scalar.STRING,
                                    "tls", Scalar.BOOL,
                                    "authentication", FREE,
                                    "configuration", FREE,
                                    "networkPolicyPeers", new ListOf(FREE))),
                            "config", FREE,
                            "authorization", FREE,
                            "rack", FREE,
                            "resources", FREE,
                            "jvmOptions", FREE,
                            "template", FREE,
                            "logging", FREE,
                            "metricsConfig", FREE),
                    "entityOperator", obj(Set.of(),
                            "topicOperator", FREE,
                            "userOperator", FREE,
                            "template", FREE),
                    "cruiseControl", FREE,
                    "kafkaExporter", FREE),
            STRIMZI + "/KafkaTopic", obj(Set.of("partitions", "replicas"),
                    "topicName", Scalar.STRING,
                    "partitions", Scalar.INT,
                    "replicas", Scalar.INT,
                    "config", FREE),
            CNPG + "/Cluster", obj(Set.of("instances", "storage", "bootstrap"),
                    "description", Scalar.STRING,
                    "instances", Scalar.INT,
                    "imageName", Scalar.STRING,
                    "storage", obj(Set.of("size"),
                            "size", Scalar.STRING,
                            "storageClass", Scalar.STRING,
                            "resizeInUseVolumes", Scalar.BOOL,
                            "pvcTemplate", FREE),
                    "walStorage", FREE,
                    "resources", FREE,
                    "affinity", FREE,
                    "bootstrap", obj(Set.of(),
                            "initdb", obj(Set.of("database", "owner"),
                                    "database", Scalar.STRING,
                                    "owner", Scalar.STRING,
                                    "secret", FREE,
                                    "encoding", Scalar.STRING,
                                    "localeCollate", Scalar.STRING,
                                    "localeCType", Scalar.STRING,
                                    "dataChecksums", Scalar.BOOL,
                                    "postInitSQL", new ListOf(Scalar.STRING),
                                    "postInitApplicationSQL", new ListOf(Scalar.STRING),
                                    "postInitTemplateSQL", new ListOf(Scalar.STRING)),
                            "recovery", FREE,
                            "pg_basebackup", FREE),
                    "postgresql", obj(Set.of(),
                            "parameters", FREE,
                            "pg_hba", new ListOf(Scalar.STRING),
                            "synchronous", FREE),
                    "backup", FREE,
                    "plugins", new ListOf(FREE),
                    "externalClusters", new ListOf(FREE),
                    "monitoring", FREE,
                    "primaryUpdateStrategy", Scalar.STRING,
                    "primaryUpdateMethod", Scalar.STRING,
                    "enableSuperuserAccess", Scalar.BOOL,
                    "minSyncReplicas", Scalar.INT,
                    "maxSyncReplicas", Scalar.INT));

    private CustomResourceSchemas() {
    }

    static boolean isKnown(String apiVersion, String kind) {
        return SPECS.containsKey(apiVersion + "/" + kind);
    }

    /** Checks a custom resource: metadata strictly as Kubernetes ObjectMeta, spec against the subset above. */
    static void check(JsonNode document) {
        String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        List<String> problems = new ArrayList<>();
        Iterator<String> fields = document.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(field)) {
                problems.add("unknown top-level field " + field);
            }
        }
        try {
            StrictModel.strict(document.path("metadata"), ObjectMeta.class);
        } catch (Exception e) {
            problems.add("metadata: " + e.getMessage());
        }
        if (!document.hasNonNull("spec")) {
            problems.add("no spec");
        } else {
            check(SPECS.get(key), document.get("spec"), "spec", problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(key + " " + document.path("metadata").path("name").asText()
                    + " does not match the schema its operator expects: " + problems);
        }
    }

    private static void check(Shape shape, JsonNode node, String path, List<String> problems) {
        if (shape instanceof Free) {
            return;
        }
        if (shape instanceof Scalar scalar) {
            boolean ok = switch (scalar) {
                case STRING -> node.isTextual();
                case INT -> node.isIntegralNumber();
                case BOOL -> node.isBoolean();
            };
            if (!ok) {
                problems.add(path + " should be " + scalar.name().toLowerCase() + ", is " + node);
            }
        } else if (shape instanceof ListOf list) {
            if (!node.isArray()) {
                problems.add(path + " should be a list");
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                check(list.item(), node.get(i), path + "[" + i + "]", problems);
            }
        } else if (shape instanceof Obj obj) {
            if (!node.isObject()) {
                problems.add(path + " should be an object");
                return;
            }
            for (String required : obj.required()) {
                if (!node.hasNonNull(required)) {
                    problems.add(path + "." + required + " is required");
                }
            }
            Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                Shape field = obj.fields().get(entry.getKey());
                if (field == null) {
                    problems.add("unknown field " + path + "." + entry.getKey());
                } else {
                    check(field, entry.getValue(), path + "." + entry.getKey(), problems);
                }
            }
        }
    }

    private static Obj obj(Set<String> required, Object... namesAndShapes) {
        Map<String, Shape> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            fields.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
        }
        return new Obj(fields, required);
    }
}
