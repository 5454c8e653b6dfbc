package dev.netcost.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the manifests are: the module directory, passed by surefire (falls back to the working
 * directory).
 */
final class Paths {
  private Paths() {}

  static Path k8s() {
    String configured = System.getProperty("netcost.k8s.dir");
    Path dir = Path.of(configured == null ? "." : configured).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("base"))) {
      throw new IllegalStateException("Not the k8s module directory (no base/): " + dir);
    }
    return dir;
  }

  static Path repository() {
    return k8s().getParent();
  }
}
