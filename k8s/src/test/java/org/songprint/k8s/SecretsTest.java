package org.songprint.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No secret value is in git: neither in a rendered overlay nor in any YAML file under k8s/. */
class SecretsTest {

    @EveryOverlay
    void noOverlayRendersASecretWithData(String overlay) {
        assertThat(Manifests.overlay(overlay).all(Secret.class))
                .as("Secrets are created outside git (by the operators or by hand) and referenced by name")
                .allSatisfy(secret -> {
                    assertThat(secret.getData()).as("Secret %s data", secret.getMetadata().getName()).isNullOrEmpty();
                    assertThat(secret.getStringData()).as("Secret %s stringData", secret.getMetadata().getName()).isNullOrEmpty();
                });
    }

    @Test
    void noYamlFileUnderK8sHoldsASecretOrASecretGenerator() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Manifests.K8S)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml$"))
                    .filter(f -> !Manifests.K8S.relativize(f).startsWith("target")).toList()) {
                for (JsonNode document : documents(file)) {
                    String where = Manifests.K8S.relativize(file).toString();
                    if ("Secret".equals(document.path("kind").asText())
                            && (document.has("data") || document.has("stringData"))) {
                        found.add(where + ": Secret " + document.path("metadata").path("name").asText() + " with values");
                    }
                    if ("Kustomization".equals(document.path("kind").asText()) && document.has("secretGenerator")) {
                        found.add(where + ": secretGenerator");
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    private static List<JsonNode> documents(Path file) {
        try {
            return StrictModel.documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
