package dev.netcost.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The security-relevant fields of a set of manifests, one entry per object and field ({@code
 * "DaemonSet netcost-node/netcost-flow-collector container flow-collector securityContext"} to its
 * JSON), so two renderings (Helm chart, kustomize overlay) compare field by field with a readable
 * difference. What counts: Pod Security labels of the namespaces; service accounts (token
 * automount, identity annotations); RBAC rules, role references and subjects; network policies; per
 * pod: host namespaces, service account, token automount, pod securityContext, priority class,
 * volumes, the identity webhook's label; per container: image, securityContext, ports; the
 * ConfigMaps' data (store, cluster, provider, billing).
 */
final class SecurityView {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private SecurityView() {}

  static Map<String, String> of(List<Manifest> manifests) {
    Map<String, String> view = new TreeMap<>();
    for (Manifest manifest : manifests) {
      String id = manifest.id();
      Object resource = manifest.resource();
      if (resource instanceof Namespace namespace) {
        Map<String, String> labels = new TreeMap<>();
        namespace
            .getMetadata()
            .getLabels()
            .forEach(
                (key, value) -> {
                  if (key.startsWith("pod-security.kubernetes.io/")) {
                    labels.put(key, value);
                  }
                });
        put(view, id, "pod security labels", labels);
      } else if (resource instanceof ServiceAccount account) {
        put(view, id, "automountServiceAccountToken", account.getAutomountServiceAccountToken());
        put(view, id, "annotations", sorted(account.getMetadata().getAnnotations()));
      } else if (resource instanceof ClusterRole role) {
        put(view, id, "rules", role.getRules());
      } else if (resource instanceof Role role) {
        put(view, id, "rules", role.getRules());
      } else if (resource instanceof ClusterRoleBinding binding) {
        put(view, id, "roleRef", binding.getRoleRef());
        put(view, id, "subjects", binding.getSubjects());
      } else if (resource instanceof RoleBinding binding) {
        put(view, id, "roleRef", binding.getRoleRef());
        put(view, id, "subjects", binding.getSubjects());
      } else if (resource instanceof NetworkPolicy policy) {
        put(view, id, "spec", policy.getSpec());
      } else if (resource instanceof ConfigMap configMap) {
        put(view, id, "data", sorted(configMap.getData()));
      }
    }
    for (Workload workload : Workload.of(manifests)) {
      String id = workload.id();
      PodSpec pod = workload.pod();
      put(view, id, "hostNetwork", pod.getHostNetwork());
      put(view, id, "hostPID", pod.getHostPID());
      put(view, id, "hostIPC", pod.getHostIPC());
      put(view, id, "serviceAccountName", pod.getServiceAccountName());
      put(view, id, "automountServiceAccountToken", pod.getAutomountServiceAccountToken());
      put(view, id, "securityContext", pod.getSecurityContext());
      put(view, id, "priorityClassName", pod.getPriorityClassName());
      put(view, id, "volumes", pod.getVolumes());
      put(
          view,
          id,
          "identity webhook label",
          podLabels(workload).get("azure.workload.identity/use"));
      for (Container container : pod.getContainers()) {
        String where = id + " container " + container.getName();
        put(view, where, "image", container.getImage());
        put(view, where, "securityContext", container.getSecurityContext());
        put(view, where, "ports", container.getPorts());
      }
    }
    return view;
  }

  private static Map<String, String> podLabels(Workload workload) {
    Object resource = workload.owner().resource();
    Map<String, String> labels = null;
    if (resource instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet daemonSet) {
      labels = daemonSet.getSpec().getTemplate().getMetadata().getLabels();
    } else if (resource instanceof io.fabric8.kubernetes.api.model.apps.Deployment deployment) {
      labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    } else if (resource instanceof io.fabric8.kubernetes.api.model.batch.v1.CronJob cronJob) {
      labels = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels();
    } else if (resource instanceof ScheduledSparkApplication spark) {
      labels =
          workload.role().equals("driver")
              ? spark.spec().template().driver().labels()
              : spark.spec().template().executor().labels();
    }
    return labels == null ? Map.of() : labels;
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return map == null ? Map.of() : new TreeMap<>(map);
  }

  private static void put(Map<String, String> view, String id, String field, Object value) {
    view.put(id + " " + field, value == null ? "null" : JSON.asJson(value));
  }

  static List<String> differences(Map<String, String> left, Map<String, String> right) {
    List<String> differences = new ArrayList<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(left.keySet());
    keys.addAll(right.keySet());
    for (String key : keys) {
      String a = left.get(key);
      String b = right.get(key);
      if (!java.util.Objects.equals(a, b)) {
        differences.add(key + ": " + a + " <> " + b);
      }
    }
    return differences;
  }
}
