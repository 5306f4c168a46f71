package org.songprint.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict parsing of rendered manifests into fabric8's Kubernetes model.
 *
 * <p>fabric8's model classes collect unknown fields in an {@code additionalProperties} map through a
 * Jackson any-setter, so {@code FAIL_ON_UNKNOWN_PROPERTIES} alone would accept any typo. The mapper
 * here removes the any-setter of every model class: an unknown field anywhere in a manifest (say
 * {@code readinesProbe}, or {@code spec.template.spec.containers[0].resource}) fails the parse.
 * Custom resources of the operators (Strimzi, CloudNativePG) have no model classes here: they are read
 * as {@link GenericKubernetesResource} and checked against {@link CustomResourceSchemas}.
 */
final class StrictModel {

    /** The built-in kinds the manifests may contain, by apiVersion and kind. */
    static final Map<String, Class<? extends HasMetadata>> MODEL_CLASSES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class));

    private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .addModule(new SimpleModule("strict-fabric8").setDeserializerModifier(new NoAdditionalProperties()))
            .build();

    private static final ObjectMapper LENIENT = JsonMapper.builder().build();

    private StrictModel() {
    }

    /** The documents of a multi-document YAML stream, as trees (empty documents skipped; duplicate keys fail). */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not valid YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    /** A tree as the given fabric8 model class, strictly (no unknown fields anywhere). */
    static <T> T strict(JsonNode node, Class<T> type) throws JsonProcessingException {
        return STRICT.treeToValue(node, type);
    }

    /** One YAML document (e.g. a ConfigMap's application.yaml) as a tree. */
    static JsonNode tree(String yaml) {
        List<JsonNode> documents = documents(yaml);
        if (documents.size() != 1) {
            throw new IllegalArgumentException("expected one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    /**
     * Parses one manifest: a built-in kind strictly into its model class, a known custom resource as a
     * generic resource checked against its schema. Throws with the path of the offending field.
     */
    static HasMetadata parse(JsonNode document) {
        String apiVersion = text(document, "apiVersion");
        String kind = text(document, "kind");
        String key = apiVersion + "/" + kind;
        Class<? extends HasMetadata> type = MODEL_CLASSES.get(key);
        try {
            if (type != null) {
                return STRICT.treeToValue(document, type);
            }
            if (CustomResourceSchemas.isKnown(apiVersion, kind)) {
                CustomResourceSchemas.check(document);
                return LENIENT.treeToValue(document, GenericKubernetesResource.class);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(key + " " + name(document) + " does not match the Kubernetes model at "
                    + pathOf(e) + ": " + e.getOriginalMessage(), e);
        }
        throw new IllegalArgumentException("unexpected kind " + key + " (" + name(document) + "): add it to StrictModel "
                + "with its model class, or to CustomResourceSchemas if an operator owns it");
    }

    /** The offending field as a manifest path, e.g. spec.template.spec.containers[0].readinesProbe. */
    private static String pathOf(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping)) {
            return "?";
        }
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String text(JsonNode document, String field) {
        JsonNode value = document.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("a manifest without " + field + ": " + document);
        }
        return value.asText();
    }

    private static String name(JsonNode document) {
        return document.path("metadata").path("name").asText("<no name>");
    }

    /** Removes fabric8's any-setter (the additionalProperties catch-all) from every model class. */
    private static final class NoAdditionalProperties extends BeanDeserializerModifier {
        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                BeanDeserializerBuilder builder) {
            Class<?> type = description.getBeanClass();
            if (type.getName().startsWith("io.fabric8.kubernetes.api.model.")
                    && type != GenericKubernetesResource.class) {
                builder.setAnySetter(null);
                builder.setIgnoreUnknownProperties(false);
            }
            return builder;
        }
    }
}
