package org.songprint.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service really reads and serves, from its own sources: its packaged
 * src/main/resources/application.yaml, the configuration its code (and acoustid-common's) injects,
 * and the Quarkus extensions in its pom.xml. The manifests are checked against this, so a ConfigMap
 * key, a port or a health path that the service does not have fails the tests.
 */
final class ServiceSources {

    /**
     * Config roots ("quarkus.&lt;root&gt;.…") of the Quarkus extensions the services use; a root is allowed
     * in a ConfigMap only for a service whose pom has the extension. An extension missing here makes
     * its keys fail the test: add it with its roots.
     */
    private static final Map<String, Set<String>> EXTENSION_ROOTS = Map.ofEntries(
            Map.entry("quarkus-rest", Set.of("rest")),
            Map.entry("quarkus-rest-jackson", Set.of("rest", "jackson")),
            Map.entry("quarkus-reactive-pg-client", Set.of("datasource")),
            Map.entry("quarkus-jdbc-postgresql", Set.of("datasource")),
            Map.entry("quarkus-flyway", Set.of("flyway")),
            Map.entry("quarkus-messaging-kafka", Set.of("messaging", "kafka")),
            Map.entry("quarkus-redis-client", Set.of("redis")),
            Map.entry("quarkus-smallrye-health", Set.of("smallrye-health")),
            Map.entry("quarkus-scheduler", Set.of("scheduler")),
            Map.entry("quarkus-micrometer", Set.of("micrometer")),
            Map.entry("quarkus-micrometer-registry-prometheus", Set.of("micrometer")),
            Map.entry("quarkus-grpc", Set.of("grpc")),
            Map.entry("quarkus-smallrye-openapi", Set.of("smallrye-openapi", "swagger-ui")),
            Map.entry("quarkus-logging-json", Set.of("log")),
            Map.entry("quarkus-oidc", Set.of("oidc")),
            Map.entry("quarkus-opentelemetry", Set.of("otel")));

    /** Runtime config roots of every Quarkus application (core, Vert.x HTTP, logging, ArC). */
    private static final Set<String> CORE_ROOTS = Set.of("application", "http", "log", "config", "profile", "shutdown",
            "thread-pool", "vertx", "arc", "devservices", "management", "tls", "banner", "default-locale", "locales",
            "console");

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING_METHOD = Pattern.compile("^\\s*[\\w.<>\\[\\], ?]+\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\\s*\"([^\"]+)\"");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)[}:]");
    private static final Pattern VALUE_EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)");

    /** Read by run-java.sh, the launcher of the UBI OpenJDK base image Quarkus' Jib build uses. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("JAVA_MAX_MEM_RATIO", "JAVA_INITIAL_MEM_RATIO",
            "JAVA_OPTS_APPEND", "JAVA_OPTS");

    private static final Map<String, ServiceSources> CACHE = new ConcurrentHashMap<>();

    final String name;
    final Path dir;
    /** The packaged application.yaml, flattened; profile blocks keep their "%profile." prefix. */
    final Map<String, String> packaged;
    /** Runtime dependencies' artifactIds (test scope left out). */
    final Set<String> dependencies;
    /** Keys the code reads: @ConfigProperty names, @ConfigMapping properties, ${...} expressions. */
    final Set<String> codeKeys;

    private ServiceSources(String name) {
        this.name = name;
        this.dir = Manifests.ROOT.resolve(name);
        this.packaged = YamlProperties.flatten(StrictModel.tree(read(dir.resolve("src/main/resources/application.yaml"))));
        this.dependencies = dependencies(read(dir.resolve("pom.xml")));
        Set<String> keys = new TreeSet<>();
        scanJava(dir.resolve("src/main/java"), keys);
        scanJava(Manifests.ROOT.resolve("acoustid-common/src/main/java"), keys);
        this.codeKeys = keys;
    }

    /** The services: the parent pom's modules that are Quarkus applications with an application.yaml. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        Matcher module = MODULE.matcher(read(Manifests.ROOT.resolve("pom.xml")));
        while (module.find()) {
            Path dir = Manifests.ROOT.resolve(module.group(1));
            if (Files.isRegularFile(dir.resolve("src/main/resources/application.yaml"))
                    && read(dir.resolve("pom.xml")).contains("<artifactId>quarkus-maven-plugin</artifactId>")) {
                names.add(module.group(1));
            }
        }
        return names;
    }

    static ServiceSources of(String name) {
        return CACHE.computeIfAbsent(name, ServiceSources::new);
    }

    /** The packaged value as it applies in the container (prod profile): "%prod.key", else "key". */
    String packagedValue(String key) {
        String prod = packaged.get("%prod." + key);
        return prod != null ? prod : packaged.get(key);
    }

    /** songprint.database: the database the service owns. */
    String database() {
        return packagedValue("songprint.database");
    }

    int httpPort() {
        return Integer.parseInt(packagedValue("quarkus.http.port"));
    }

    boolean hasExtension(String artifactId) {
        return dependencies.contains(artifactId);
    }

    /**
     * Whether the service reads this property; if not, why (for the failure message). A quarkus.* key
     * must be a run-time property (see {@link QuarkusConfigCatalogue}) of an extension the service has;
     * any other key must be in its packaged application.yaml or read by its code.
     */
    String whyNotRead(String property) {
        if (property.startsWith("quarkus.")) {
            String root = QuarkusConfigCatalogue.segments(property).get(1);
            if (!CORE_ROOTS.contains(root) && !quarkusRoots().contains(root)) {
                return "quarkus." + root + ".* belongs to no extension of " + name + " (its extensions' config roots: "
                        + quarkusRoots() + ", besides the core ones)";
            }
            return whyNotRunTime(property, QuarkusConfigCatalogue.get().find(property));
        }
        if (packagedKeys().contains(property) || codeKeys.contains(property)) {
            return null;
        }
        return "neither " + name + "/src/main/resources/application.yaml nor its code (or acoustid-common's) reads it";
    }

    /**
     * Whether the service reads this environment variable: one its packaged application.yaml refers to
     * (${PG_PASSWORD:}), the environment form of a property it reads (SONGPRINT_INDEX_PATH), a QUARKUS_*
     * variable of a run-time property of its extensions, or one of the base image's launcher.
     */
    String whyNotReadFromEnvironment(String variable) {
        if (LAUNCHER_VARIABLES.contains(variable) || packagedExpressions().contains(variable)) {
            return null;
        }
        if (variable.startsWith("QUARKUS_")) {
            Optional<QuarkusConfigCatalogue.Property> property = QuarkusConfigCatalogue.get().findByEnvironmentVariable(variable);
            if (property.isEmpty()) {
                return "no Quarkus extension on the catalogue defines " + variable;
            }
            return whyNotRead(property.get().name());
        }
        for (String key : packagedKeys()) {
            if (environmentForm(key).equals(variable)) {
                return null;
            }
        }
        for (String key : codeKeys) {
            if (environmentForm(key).equals(variable)) {
                return null;
            }
        }
        return name + " reads no property that " + variable + " would set";
    }

    private String whyNotRunTime(String property, Optional<QuarkusConfigCatalogue.Property> known) {
        if (known.isEmpty()) {
            return "no Quarkus extension defines " + property + " (a typo?)";
        }
        if (!"RUN_TIME".equals(known.get().phase())) {
            return property + " is fixed when the image is built (" + known.get().phase()
                    + "): a ConfigMap cannot change it";
        }
        return null;
    }

    /** The packaged application.yaml's property names, profiles stripped. */
    Set<String> packagedKeys() {
        Set<String> keys = new LinkedHashSet<>();
        packaged.keySet().forEach(k -> keys.add(YamlProperties.withoutProfile(k)));
        return keys;
    }

    /** Names the packaged application.yaml's values refer to in ${...} expressions (environment variables mostly). */
    Set<String> packagedExpressions() {
        Set<String> names = new TreeSet<>();
        for (String value : packaged.values()) {
            Matcher expression = VALUE_EXPRESSION.matcher(value);
            while (expression.find()) {
                names.add(expression.group(1));
            }
        }
        return names;
    }

    /** SmallRye Config's environment variable for a property: non-alphanumerics to '_', upper case. */
    static String environmentForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    Set<String> quarkusRoots() {
        Set<String> roots = new TreeSet<>();
        for (String dependency : dependencies) {
            roots.addAll(EXTENSION_ROOTS.getOrDefault(dependency, Set.of()));
        }
        return roots;
    }

    private static Set<String> dependencies(String pom) {
        Set<String> artifacts = new TreeSet<>();
        Matcher dependency = DEPENDENCY.matcher(pom);
        while (dependency.find()) {
            String block = dependency.group(1);
            if (block.contains("<scope>test</scope>")) {
                continue;
            }
            Matcher artifact = ARTIFACT.matcher(block);
            if (artifact.find()) {
                artifacts.add(artifact.group(1));
            }
        }
        return artifacts;
    }

    private static void scanJava(Path sources, Set<String> keys) {
        if (!Files.isDirectory(sources)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String java = read(file);
                Matcher property = CONFIG_PROPERTY.matcher(java);
                while (property.find()) {
                    keys.add(property.group(1));
                }
                Matcher expression = EXPRESSION.matcher(java);
                while (expression.find()) {
                    keys.add(expression.group(1));
                }
                Matcher mapping = CONFIG_MAPPING.matcher(java);
                if (mapping.find()) {
                    keys.addAll(mappingProperties(mapping.group(1), java));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The properties of a flat @ConfigMapping interface: prefix + each method in kebab case (or its @WithName). */
    private static List<String> mappingProperties(String prefix, String java) {
        List<String> properties = new ArrayList<>();
        String withName = null;
        for (String line : java.split("\n")) {
            Matcher named = WITH_NAME.matcher(line);
            if (named.find()) {
                withName = named.group(1);
                continue;
            }
            Matcher method = MAPPING_METHOD.matcher(line);
            if (method.find() && !line.contains("static ") && !line.contains("default ")) {
                properties.add(prefix + "." + (withName != null ? withName : kebab(method.group(1))));
                withName = null;
            }
        }
        return properties;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
