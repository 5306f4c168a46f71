package org.songprint.testsupport;

/**
 * Where the infrastructure started by {@code ./stack} listens, with the same environment overrides
 * the script and the services' configuration use.
 */
public final class LocalInfra {

    private LocalInfra() {
    }

    public static String kafkaBootstrap() {
        String explicit = System.getenv("KAFKA_BOOTSTRAP");
        return explicit != null ? explicit : "127.0.0.1:" + env("KAFKA_PORT", "19092");
    }

    public static int redisPort() {
        return Integer.parseInt(env("REDIS_PORT", "16379"));
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + env("PG_HOST", "127.0.0.1") + ":" + env("PG_PORT", "15432") + "/" + database;
    }

    public static String pgUser() {
        return env("PG_USER", "postgres");
    }

    public static String pgPassword() {
        return env("PG_PASSWORD", "");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
