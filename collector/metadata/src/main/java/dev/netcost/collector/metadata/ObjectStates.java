package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the snapshotter keeps of each Kubernetes object: the fields that decide ownership, with no
 * client-library types, so the ownership rules are plain code tested on literal values. The adapter
 * ({@link KubernetesWatcher}) builds these from the API objects.
 */
final class ObjectStates {
  private ObjectStates() {}

  /** A controller owner reference ({@code controller: true}). */
  record OwnerRef(String kind, String name, String uid) {
    OwnerRef {
      requireNonNull(kind, "kind is null");
      requireNonNull(name, "name is null");
      requireNonNull(uid, "uid is null");
    }
  }

  /**
   * A pod. {@code ips} are {@code status.podIPs} (both families on dual-stack clusters). {@code
   * networkReadyAt} is the {@code PodReadyToStartContainers} condition's transition (the sandbox
   * and its network exist), {@code startedAt} is {@code status.startTime}; {@code finishedAt} is
   * the last container termination when every container has terminated.
   */
  record PodState(
      String uid,
      String namespace,
      String name,
      Optional<String> node,
      boolean hostNetwork,
      List<String> ips,
      Map<String, String> labels,
      Optional<OwnerRef> controller,
      boolean terminal,
      Optional<Instant> networkReadyAt,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt,
      List<String> listenPorts) {
    PodState {
      requireNonNull(uid, "uid is null");
      requireNonNull(namespace, "namespace is null");
      requireNonNull(name, "name is null");
      requireNonNull(node, "node is null");
      ips = List.copyOf(ips);
      labels = Map.copyOf(labels);
      requireNonNull(controller, "controller is null");
      requireNonNull(networkReadyAt, "networkReadyAt is null");
      requireNonNull(startedAt, "startedAt is null");
      requireNonNull(finishedAt, "finishedAt is null");
      listenPorts = List.copyOf(listenPorts);
    }
  }

  /** A node: internal and external addresses, labels, {@code spec.providerID}. */
  record NodeState(
      String uid,
      String name,
      Map<String, String> labels,
      Optional<String> providerId,
      List<String> addresses,
      Optional<Instant> createdAt) {
    NodeState {
      requireNonNull(uid, "uid is null");
      requireNonNull(name, "name is null");
      labels = Map.copyOf(labels);
      requireNonNull(providerId, "providerId is null");
      addresses = List.copyOf(addresses);
      requireNonNull(createdAt, "createdAt is null");
    }
  }

  /** A service: {@code spec.clusterIPs} and {@code status.loadBalancer.ingress[].ip}. */
  record ServiceState(
      String uid,
      String namespace,
      String name,
      Map<String, String> labels,
      List<String> clusterIps,
      List<String> loadBalancerIps,
      Optional<Instant> createdAt) {
    ServiceState {
      requireNonNull(uid, "uid is null");
      requireNonNull(namespace, "namespace is null");
      requireNonNull(name, "name is null");
      labels = Map.copyOf(labels);
      clusterIps = List.copyOf(clusterIps);
      loadBalancerIps = List.copyOf(loadBalancerIps);
      requireNonNull(createdAt, "createdAt is null");
    }
  }

  /** A ReplicaSet or Job, with its own controller (Deployment, CronJob) if any. */
  record ControllerState(String uid, String kind, String name, Optional<OwnerRef> controller) {
    ControllerState {
      requireNonNull(uid, "uid is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(name, "name is null");
      requireNonNull(controller, "controller is null");
    }
  }
}
