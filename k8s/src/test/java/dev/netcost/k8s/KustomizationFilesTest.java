package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every manifest file is used by a kustomization, and every path a kustomization names exists: a
 * file that no kustomization lists would be tested here but never deployed.
 */
final class KustomizationFilesTest {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  @Test
  void everyManifestIsReferencedAndEveryReferenceExists() {
    Path root = Paths.k8s();
    Set<String> referenced = new TreeSet<>();
    List<String> missing = new ArrayList<>();
    for (Path kustomization : kustomizations(root)) {
      Path dir = kustomization.getParent();
      JsonNode node = read(kustomization);
      List<String> paths = new ArrayList<>();
      node.path("resources").forEach(n -> paths.add(n.asString()));
      node.path("components").forEach(n -> paths.add(n.asString()));
      node.path("patches")
          .forEach(
              n -> {
                if (n.has("path")) {
                  paths.add(n.get("path").asString());
                }
              });
      for (String path : paths) {
        Path target = dir.resolve(path).normalize();
        if (!Files.exists(target)) {
          missing.add(root.relativize(kustomization) + " names " + path + ", which does not exist");
        } else if (Files.isRegularFile(target)) {
          referenced.add(root.relativize(target).toString());
        } else if (!Files.isRegularFile(target.resolve("kustomization.yaml"))) {
          missing.add(
              root.relativize(kustomization)
                  + " names directory "
                  + path
                  + " without a kustomization.yaml");
        }
      }
    }
    Set<String> manifests = new TreeSet<>();
    for (Path file : ManifestLoader.manifestFiles(root)) {
      manifests.add(root.relativize(file).toString());
    }
    assertThat(missing).isEmpty();
    assertThat(referenced).isEqualTo(manifests);
  }

  private static List<Path> kustomizations(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.getFileName().toString().equals("kustomization.yaml"))
          .filter(file -> !file.startsWith(root.resolve("target")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
