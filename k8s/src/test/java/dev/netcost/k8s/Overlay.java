package dev.netcost.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deployable variants: each cloud overlay as shipped, and each cloud overlay plus the Spark
 * Operator component, the way docs/deploy.md tells a user to combine them (a kustomization of their
 * own with the cloud overlay as resource and the component). Those combined kustomizations are
 * generated under target/, since kustomize refuses absolute paths.
 */
enum Overlay {
  AWS("aws", false),
  GCP("gcp", false),
  AZURE("azure", false),
  AWS_SPARK_OPERATOR("aws", true),
  GCP_SPARK_OPERATOR("gcp", true),
  AZURE_SPARK_OPERATOR("azure", true);

  private final String cloud;
  private final boolean sparkOperator;

  Overlay(String cloud, boolean sparkOperator) {
    this.cloud = cloud;
    this.sparkOperator = sparkOperator;
  }

  String cloud() {
    return cloud;
  }

  boolean sparkOperator() {
    return sparkOperator;
  }

  /** The directory to run {@code kubectl kustomize} on. */
  Path directory() {
    Path k8s = Paths.k8s();
    if (!sparkOperator) {
      return k8s.resolve("overlays").resolve(cloud);
    }
    Path dir = k8s.resolve("target/test-overlays/" + cloud + "-spark-operator");
    String kustomization =
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - ../../../overlays/%s
        components:
          - ../../../cronjobs/spark-operator
        """
            .formatted(cloud);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("kustomization.yaml"), kustomization, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the test overlay in " + dir, e);
    }
    return dir;
  }

  private static final Map<Overlay, String> RENDERED = new ConcurrentHashMap<>();

  /**
   * The overlay's objects, freshly loaded (callers may change them) from the output of one {@code
   * kubectl kustomize} run per overlay and test JVM.
   */
  List<Manifest> render(Path kubectl) {
    String yaml =
        RENDERED.computeIfAbsent(this, overlay -> Kustomize.build(kubectl, overlay.directory()));
    return ManifestLoader.load("kubectl kustomize " + Paths.k8s().relativize(directory()), yaml);
  }
}
