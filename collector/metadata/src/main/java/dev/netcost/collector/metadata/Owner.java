package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.OwnerKind;
import java.util.Optional;

/**
 * Everything an ownership interval says about its owner except the address and the time range. Two
 * intervals of the same address and owner whose {@code Owner} differ (a relabelled namespace, a
 * node whose zone label changed) are two intervals: the first ends when the second begins.
 */
record Owner(
    OwnerKind kind,
    String uid,
    Optional<String> namespace,
    Optional<String> pod,
    String workloadKind,
    String workload,
    String team,
    String labelsJson,
    Optional<String> node,
    Optional<String> zone,
    Optional<String> region,
    Optional<String> cloudInstanceId,
    Optional<String> listenPorts) {
  Owner {
    requireNonNull(kind, "kind is null");
    requireNonNull(uid, "uid is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(pod, "pod is null");
    requireNonNull(workloadKind, "workloadKind is null");
    requireNonNull(workload, "workload is null");
    requireNonNull(team, "team is null");
    requireNonNull(labelsJson, "labelsJson is null");
    requireNonNull(node, "node is null");
    requireNonNull(zone, "zone is null");
    requireNonNull(region, "region is null");
    requireNonNull(cloudInstanceId, "cloudInstanceId is null");
    requireNonNull(listenPorts, "listenPorts is null");
  }
}
