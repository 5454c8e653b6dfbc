package dev.netcost.collector.metadata;

import java.util.Map;
import java.util.Optional;

/**
 * Zone, region and instance type of a node from its well-known labels, the GA names first and the
 * legacy beta names (clusters older than Kubernetes 1.17, some managed node pools) second.
 */
final class NodeTopology {
  static final String ZONE = "topology.kubernetes.io/zone";
  static final String REGION = "topology.kubernetes.io/region";
  static final String LEGACY_ZONE = "failure-domain.beta.kubernetes.io/zone";
  static final String LEGACY_REGION = "failure-domain.beta.kubernetes.io/region";
  static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
  static final String LEGACY_INSTANCE_TYPE = "beta.kubernetes.io/instance-type";

  /** Key under which labels_json of a node row carries the resolved instance type. */
  static final String INSTANCE_TYPE_KEY = "netcost.dev/instance-type";

  private NodeTopology() {}

  static Optional<String> zone(Map<String, String> labels) {
    return first(labels, ZONE, LEGACY_ZONE);
  }

  static Optional<String> region(Map<String, String> labels) {
    return first(labels, REGION, LEGACY_REGION);
  }

  static Optional<String> instanceType(Map<String, String> labels) {
    return first(labels, INSTANCE_TYPE, LEGACY_INSTANCE_TYPE);
  }

  private static Optional<String> first(Map<String, String> labels, String key, String legacy) {
    String value = labels.get(key);
    if (value == null || value.isBlank()) {
      value = labels.get(legacy);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
