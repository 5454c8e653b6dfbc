package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Cloud instance ids from a node's {@code spec.providerID}:
 *
 * <ul>
 *   <li>AWS {@code aws:///us-east-1a/i-0123456789abcdef0}: the instance id, {@code i-0123…};
 *   <li>GCE {@code gce://my-project/us-central1-b/gke-pool-1-abcd}: the instance's resource path,
 *       {@code projects/my-project/zones/us-central1-b/instances/gke-pool-1-abcd} (a GCE name is
 *       unique only within a project and zone);
 *   <li>Azure {@code azure:///subscriptions/…/virtualMachineScaleSets/pool/virtualMachines/3} or
 *       {@code …/virtualMachines/name}: the ARM resource id, {@code /subscriptions/…}.
 * </ul>
 *
 * Any other value (kind, bare metal, a new provider) is kept verbatim rather than dropped, so the
 * job can still join it by hand.
 */
final class ProviderIds {
  private ProviderIds() {}

  static Optional<String> instanceId(String providerId) {
    requireNonNull(providerId, "providerId is null");
    if (providerId.isBlank()) {
      return Optional.empty();
    }
    if (providerId.startsWith("aws://")) {
      String last = lastSegment(providerId.substring("aws://".length()));
      return Optional.of(last.isEmpty() ? providerId : last);
    }
    if (providerId.startsWith("gce://")) {
      String[] parts = providerId.substring("gce://".length()).split("/", -1);
      if (parts.length == 3 && !parts[0].isEmpty() && !parts[1].isEmpty() && !parts[2].isEmpty()) {
        return Optional.of(
            "projects/" + parts[0] + "/zones/" + parts[1] + "/instances/" + parts[2]);
      }
      return Optional.of(providerId);
    }
    if (providerId.startsWith("azure://")) {
      String path = providerId.substring("azure://".length());
      if (path.startsWith("/subscriptions/")) {
        return Optional.of(path);
      }
      return Optional.of(providerId);
    }
    return Optional.of(providerId);
  }

  private static String lastSegment(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
