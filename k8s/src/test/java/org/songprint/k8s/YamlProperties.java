package org.songprint.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flattens a Quarkus YAML configuration into property names, as quarkus-config-yaml (SmallRye Config)
 * does: nested keys are joined with dots, a key that itself contains a dot is quoted
 * ({@code quarkus.log.category."io.smallrye.health".level}), list items get an index.
 */
final class YamlProperties {

    private YamlProperties() {
    }

    /** Every property with its value as written; profile blocks keep their "%profile." prefix. */
    static Map<String, String> flatten(JsonNode root) {
        Map<String, String> properties = new LinkedHashMap<>();
        flatten(root, "", properties);
        return properties;
    }

    /** The property name without its profile ("%test.songprint.database" -> "songprint.database"). */
    static String withoutProfile(String property) {
        return property.startsWith("%") ? property.substring(property.indexOf('.') + 1) : property;
    }

    private static void flatten(JsonNode node, String prefix, Map<String, String> properties) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                // profiles stay unquoted at the top ("%dev"); other dotted keys are one segment
                String segment = key.contains(".") && !key.startsWith("%") ? "\"" + key + "\"" : key;
                flatten(field.getValue(), prefix.isEmpty() ? segment : prefix + "." + segment, properties);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i), prefix + "[" + i + "]", properties);
            }
        } else {
            properties.put(prefix, node.isNull() ? "" : node.asText());
        }
    }
}
