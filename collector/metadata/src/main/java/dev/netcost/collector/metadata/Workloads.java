package dev.netcost.collector.metadata;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The workload a pod belongs to, by following its controller chain: ReplicaSet to Deployment, Job
 * to CronJob; StatefulSet, DaemonSet and any other controller (ReplicationController, a mirror
 * pod's Node, a custom resource) name themselves; a pod with no controller is its own workload
 * (kind {@code Pod}).
 */
final class Workloads {
  static final String POD_TEMPLATE_HASH = "pod-template-hash";

  private Workloads() {}

  record Workload(String kind, String name) {}

  static Workload resolve(
      String podName,
      Map<String, String> podLabels,
      Optional<ObjectStates.OwnerRef> controller,
      Function<String, Optional<ObjectStates.ControllerState>> controllersByUid) {
    if (controller.isEmpty()) {
      return new Workload("Pod", podName);
    }
    ObjectStates.OwnerRef ref = controller.get();
    switch (ref.kind()) {
      case "ReplicaSet" -> {
        Optional<ObjectStates.ControllerState> replicaSet = controllersByUid.apply(ref.uid());
        if (replicaSet.isPresent()) {
          return replicaSet
              .get()
              .controller()
              .map(owner -> new Workload(owner.kind(), owner.name()))
              .orElse(new Workload("ReplicaSet", ref.name()));
        }
        // the ReplicaSet's own event may trail its pod's: a Deployment names its ReplicaSets
        // <deployment>-<pod-template-hash>
        String hash = podLabels.get(POD_TEMPLATE_HASH);
        if (hash != null && !hash.isEmpty() && ref.name().endsWith("-" + hash)) {
          return new Workload(
              "Deployment", ref.name().substring(0, ref.name().length() - hash.length() - 1));
        }
        return new Workload("ReplicaSet", ref.name());
      }
      case "Job" -> {
        return controllersByUid
            .apply(ref.uid())
            .flatMap(ObjectStates.ControllerState::controller)
            .map(owner -> new Workload(owner.kind(), owner.name()))
            .orElse(new Workload("Job", ref.name()));
      }
      default -> {
        return new Workload(ref.kind(), ref.name());
      }
    }
  }
}
