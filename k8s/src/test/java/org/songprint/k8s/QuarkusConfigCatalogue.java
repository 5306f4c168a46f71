package org.songprint.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration property of the Quarkus extensions on the test classpath (see the k8s pom), read
 * from the metadata each extension jar ships (META-INF/quarkus-config-doc/quarkus-config-model.json):
 * its name (a quoted segment such as {@code "datasource-name"} stands for a map key), its phase and its
 * environment variable.
 */
final class QuarkusConfigCatalogue {

    static final String MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";

    /** A property as the model names it, split into segments ("*" for a map key), with its phase. */
    record Property(String name, List<String> segments, String phase) {
    }

    private static final QuarkusConfigCatalogue INSTANCE = load();

    private final List<Property> properties;
    private final Map<String, Property> byEnvironmentVariable;
    private final int models;

    private QuarkusConfigCatalogue(List<Property> properties, Map<String, Property> byEnvironmentVariable, int models) {
        this.properties = properties;
        this.byEnvironmentVariable = byEnvironmentVariable;
        this.models = models;
    }

    static QuarkusConfigCatalogue get() {
        return INSTANCE;
    }

    int models() {
        return models;
    }

    int size() {
        return properties.size();
    }

    /** The property a configuration key sets, if an extension defines it. */
    Optional<Property> find(String key) {
        List<String> segments = segments(key);
        return properties.stream().filter(p -> matches(p.segments(), segments)).findFirst();
    }

    /** The property an environment variable sets (QUARKUS_REDIS_PASSWORD -> quarkus.redis.password). */
    Optional<Property> findByEnvironmentVariable(String name) {
        return Optional.ofNullable(byEnvironmentVariable.get(name));
    }

    private static boolean matches(List<String> pattern, List<String> key) {
        if (pattern.size() != key.size()) {
            return false;
        }
        for (int i = 0; i < pattern.size(); i++) {
            if (!pattern.get(i).equals("*") && !pattern.get(i).equals(key.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Splits a property name on dots outside quotes; a quoted segment loses its quotes. */
    static List<String> segments(String name) {
        return split(name, false);
    }

    private static QuarkusConfigCatalogue load() {
        List<Property> properties = new ArrayList<>();
        Map<String, Property> byEnv = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        int models = 0;
        try {
            Enumeration<URL> resources = QuarkusConfigCatalogue.class.getClassLoader().getResources(MODEL);
            for (URL url : Collections.list(resources)) {
                models++;
                try (InputStream in = url.openStream()) {
                    collect(json.readTree(in), properties, byEnv);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Quarkus configuration models", e);
        }
        return new QuarkusConfigCatalogue(List.copyOf(properties), Map.copyOf(byEnv), models);
    }

    private static void collect(JsonNode node, List<Property> properties, Map<String, Property> byEnv) {
        if (node.isObject()) {
            JsonNode path = node.get("path");
            JsonNode phase = node.get("phase");
            if (path != null && path.isObject() && path.hasNonNull("property") && phase != null && phase.isTextual()) {
                add(path, phase.asText(), properties, byEnv);
                for (JsonNode additional : node.path("additionalPaths")) {
                    if (additional.hasNonNull("property")) {
                        add(additional, phase.asText(), properties, byEnv);
                    }
                }
            }
            node.fields().forEachRemaining(field -> collect(field.getValue(), properties, byEnv));
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, properties, byEnv));
        }
    }

    private static void add(JsonNode path, String phase, List<Property> properties, Map<String, Property> byEnv) {
        String name = path.get("property").asText();
        List<String> segments = new ArrayList<>();
        for (String raw : rawSegments(name)) {
            segments.add(raw.startsWith("\"") ? "*" : raw);
        }
        Property property = new Property(name, List.copyOf(segments), phase);
        properties.add(property);
        if (path.hasNonNull("environmentVariable")) {
            byEnv.putIfAbsent(path.get("environmentVariable").asText(), property);
        }
    }

    /** Like {@link #segments} but keeping the quotes, to tell map-key placeholders apart. */
    private static List<String> rawSegments(String name) {
        return split(name, true);
    }

    private static List<String> split(String name, boolean keepQuotes) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : name.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                if (keepQuotes) {
                    current.append(c);
                }
            } else if (c == '.' && !quoted) {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(current.toString());
        return segments;
    }
}
