package dev.netcost.k8s;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * One YAML document of a manifest file (or of a {@code kubectl kustomize} output), loaded into its
 * typed model: a fabric8 model class for Kubernetes kinds, a {@link CustomResource} record for the
 * Spark Operator and Prometheus Operator kinds.
 */
record Manifest(String source, int document, Object resource) {
  Manifest {
    requireNonNull(source, "source is null");
    requireNonNull(resource, "resource is null");
    if (document < 1) {
      throw new IllegalArgumentException("document is not positive: " + document);
    }
  }

  String kind() {
    if (resource instanceof HasMetadata object) {
      return object.getKind();
    }
    return ((CustomResource) resource).kind();
  }

  ObjectMeta metadata() {
    if (resource instanceof HasMetadata object) {
      return object.getMetadata();
    }
    return ((CustomResource) resource).metadata();
  }

  String name() {
    return metadata() == null ? null : metadata().getName();
  }

  /** Namespace, or {@code null} for cluster-scoped objects and patches without one. */
  String namespace() {
    return metadata() == null ? null : metadata().getNamespace();
  }

  /**
   * {@code Kind namespace/name} (or {@code Kind name} when cluster-scoped), as policy messages
   * print it.
   */
  String id() {
    return kind() + " " + (namespace() == null ? "" : namespace() + "/") + name();
  }

  /** Where it came from: {@code base/flow-collector.yaml document 2}. */
  String location() {
    return source + " document " + document;
  }

  <T> T as(Class<T> type) {
    return type.cast(resource);
  }
}
