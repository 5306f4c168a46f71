package org.songprint.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server process of the test's own on a free port, which the test may stop and start again
 * (the shared Redis of ./stack must not be disturbed). The service under test is pointed at it.
 */
public class PrivateRedisServer implements QuarkusTestResourceLifecycleManager {

    private static volatile PrivateRedisServer current;

    private int port;
    private Path dir;
    private Process process;

    /** The instance started for the running test class. */
    public static PrivateRedisServer current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            dir = Files.createTempDirectory("private-redis");
            startProcess();
            current = this;
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    /** Starts the server again on the same port; returns once it accepts connections. */
    public synchronized void startProcess() throws IOException {
        process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "redis.log")).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        String log = Files.exists(dir.resolve("redis.log")) ? Files.readString(dir.resolve("redis.log")) : "(no log)";
        throw new IOException("redis-server did not listen on " + port + " (alive: " + process.isAlive() + "): " + log);
    }

    /** Kills the server (SIGKILL, as a crash would). */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void stop() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        current = null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
