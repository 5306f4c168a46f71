package org.songprint.k8s;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code kubectl kustomize}, the kustomize built into kubectl, exactly as an operator's
 * {@code kubectl apply -k} renders the overlays.
 */
final class Kubectl {

    private Kubectl() {
    }

    /** The rendered YAML of a kustomization directory; fails the test with kubectl's message if it cannot render. */
    static String kustomize(Path directory) {
        Path kubectl = locate();
        try {
            Path stderr = Files.createTempFile("kubectl-kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
                        .redirectError(stderr.toFile())
                        .start();
                process.getOutputStream().close();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail("kubectl kustomize %s did not finish within 2 minutes", directory);
                }
                if (process.exitValue() != 0) {
                    fail("kubectl kustomize %s failed (exit %d, %s; the manifests need kubectl 1.27 or newer):%n%s",
                            directory, process.exitValue(), version(kubectl), Files.readString(stderr, StandardCharsets.UTF_8));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + kubectl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + directory, e);
        }
    }

    /** kubectl's client version line, for failure messages. */
    private static String version(Path kubectl) {
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "version", "--client").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(30, TimeUnit.SECONDS);
            return kubectl + ": " + out.replace('\n', ' ');
        } catch (IOException e) {
            return kubectl + ": version unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return kubectl + ": version unknown";
        }
    }

    /** $KUBECTL, else kubectl on the PATH, else /usr/bin/kubectl. */
    private static Path locate() {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getenv("KUBECTL");
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "kubectl"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/kubectl"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("kubectl was not found (looked at $KUBECTL, the PATH and /usr/bin/kubectl). The k8s module's tests "
                + "render k8s/overlays/* with 'kubectl kustomize' (kubectl 1.27 or newer: kustomize v5 built in): "
                + "install kubectl, or point $KUBECTL at it.");
    }
}
