package org.songprint.fingerprint.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An nginx of the benchmark's own in front of the service it started, configured from the same
 * template as {@code ./stack up}'s proxy ({@code scripts/nginx.conf.template}), so a row measured
 * through it pays what a deployed lookup pays: a second hop, header rewriting, an access log line.
 */
final class BenchProxy implements AutoCloseable {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final List<String> command;

    private BenchProxy(List<String> command) {
        this.command = command;
    }

    /** nginx on {@code port} proxying to the service on {@code servicePort}; null if nginx is not installed. */
    static BenchProxy start(Path repo, int port, int servicePort) throws Exception {
        if (!Files.isExecutable(NGINX)) {
            return null;
        }
        Path dir = repo.resolve("fingerprint-service/target/bench-nginx").toAbsolutePath();
        Files.createDirectories(dir.resolve("tmp"));
        String root = "root".equals(System.getProperty("user.name")) ? "user root root;" : "";
        String config = Files.readString(repo.resolve("scripts/nginx.conf.template"));
        // only /v2/lookup is measured; the other services' upstreams point at the same service
        for (Map.Entry<String, String> value : Map.of("@USER_LINE@", root, "@PID@", dir.resolve("nginx.pid").toString(),
                "@DIR@", dir.toString(), "@LOGS@", dir.toString(), "@PORT@", Integer.toString(port), "@ROOT@",
                repo.toAbsolutePath().toString(), "@FINGERPRINT_PORT@", Integer.toString(servicePort), "@INGEST_PORT@",
                Integer.toString(servicePort), "@ACCOUNT_PORT@", Integer.toString(servicePort)).entrySet()) {
            config = config.replace(value.getKey(), value.getValue());
        }
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        List<String> command = List.of(NGINX.toString(), "-p", dir.toString(), "-c", file.toString(), "-e",
                dir.resolve("error.log").toString());
        BenchProxy proxy = new BenchProxy(command);
        proxy.nginx();
        for (int i = 0; i < 50 && !listening(port); i++) {
            Thread.sleep(100);
        }
        if (!listening(port)) {
            proxy.close();
            throw new IllegalStateException("the benchmark's nginx is not listening on " + port + "; see " + dir.resolve("error.log"));
        }
        return proxy;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void nginx(String... more) throws Exception {
        List<String> line = new ArrayList<>(command);
        line.addAll(List.of(more));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("nginx " + String.join(" ", more) + " failed: " + output);
        }
    }

    @Override
    public void close() throws Exception {
        nginx("-s", "quit");
    }
}
