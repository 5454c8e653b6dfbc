package dev.netcost.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifests as written (no kustomize): base/ and cronjobs/ including the Spark Operator
 * component.
 */
final class Sources {
  private Sources() {}

  static List<Manifest> load() {
    Path root = Paths.k8s();
    List<Manifest> manifests = new ArrayList<>();
    for (String dir : List.of("base", "cronjobs")) {
      for (Path file : ManifestLoader.manifestFiles(root.resolve(dir))) {
        manifests.addAll(ManifestLoader.loadFile(file, root));
      }
    }
    return manifests;
  }

  static Manifest find(List<Manifest> manifests, String id) {
    return manifests.stream()
        .filter(manifest -> manifest.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no " + id + " among " + manifests.stream().map(Manifest::id).toList()));
  }
}
