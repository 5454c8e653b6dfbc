package dev.netcost.k8s;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A pod that a manifest makes the cluster run, with the object that owns it. Spark Operator drivers
 * and executors are translated into the pod spec Spark creates for them (one container, CPU request
 * = cores, CPU limit = coreLimit, memory request = limit = memory + memoryOverhead), so one set of
 * policy checks covers every pod.
 */
record Workload(Manifest owner, String role, PodSpec pod) {
  Workload {
    requireNonNull(owner, "owner is null");
    requireNonNull(role, "role is null");
    requireNonNull(pod, "pod is null");
  }

  /**
   * {@code DaemonSet netcost-node/netcost-flow-collector} or {@code ScheduledSparkApplication
   * netcost/netcost-nightly driver}.
   */
  String id() {
    return role.isEmpty() ? owner.id() : owner.id() + " " + role;
  }

  String namespace() {
    return owner.namespace();
  }

  static List<Workload> of(List<Manifest> manifests) {
    List<Workload> workloads = new ArrayList<>();
    for (Manifest manifest : manifests) {
      Object resource = manifest.resource();
      if (resource instanceof DaemonSet daemonSet) {
        workloads.add(new Workload(manifest, "", daemonSet.getSpec().getTemplate().getSpec()));
      } else if (resource instanceof Deployment deployment) {
        workloads.add(new Workload(manifest, "", deployment.getSpec().getTemplate().getSpec()));
      } else if (resource instanceof StatefulSet statefulSet) {
        workloads.add(new Workload(manifest, "", statefulSet.getSpec().getTemplate().getSpec()));
      } else if (resource instanceof CronJob cronJob) {
        workloads.add(
            new Workload(
                manifest,
                "",
                cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
      } else if (resource instanceof Job job) {
        workloads.add(new Workload(manifest, "", job.getSpec().getTemplate().getSpec()));
      } else if (resource instanceof Pod pod) {
        workloads.add(new Workload(manifest, "", pod.getSpec()));
      } else if (resource instanceof ScheduledSparkApplication spark) {
        ScheduledSparkApplication.Template template = spark.spec().template();
        workloads.add(new Workload(manifest, "driver", sparkPod(template, template.driver())));
        workloads.add(new Workload(manifest, "executor", sparkPod(template, template.executor())));
      }
    }
    return workloads;
  }

  private static PodSpec sparkPod(
      ScheduledSparkApplication.Template template, ScheduledSparkApplication.PodSpec spec) {
    ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
    if (spec.cores() != null) {
      resources.addToRequests("cpu", new Quantity(String.valueOf(spec.cores())));
    }
    if (spec.coreLimit() != null) {
      resources.addToLimits("cpu", new Quantity(spec.coreLimit()));
    }
    if (spec.memory() != null) {
      Quantity memory = sparkMemory(spec.memory(), spec.memoryOverhead());
      resources.addToRequests("memory", memory);
      resources.addToLimits("memory", memory);
    }
    Container container =
        new ContainerBuilder()
            .withName("spark")
            .withImage(spec.image() != null ? spec.image() : template.image())
            .withEnv(spec.env())
            .withVolumeMounts(spec.volumeMounts())
            .withSecurityContext(spec.securityContext())
            .withResources(resources.build())
            .build();
    Set<String> mounted =
        spec.volumeMounts() == null
            ? Set.of()
            : spec.volumeMounts().stream().map(VolumeMount::getName).collect(Collectors.toSet());
    List<Volume> volumes =
        template.volumes() == null
            ? List.of()
            : template.volumes().stream().filter(v -> mounted.contains(v.getName())).toList();
    return new PodSpecBuilder()
        .withServiceAccountName(spec.serviceAccount())
        .withSecurityContext(spec.podSecurityContext())
        .withContainers(container)
        .withVolumes(volumes)
        .build();
  }

  /** Spark's JVM-style sizes (4g, 512m) plus the overhead, as a Kubernetes quantity in MiB. */
  private static Quantity sparkMemory(String memory, String overhead) {
    long mebibytes = mebibytes(memory) + (overhead == null ? 0 : mebibytes(overhead));
    return new Quantity(mebibytes + "Mi");
  }

  private static long mebibytes(String size) {
    Map<Character, Long> factor = Map.of('k', 1L, 'm', 1L, 'g', 1024L, 't', 1024L * 1024);
    char unit = Character.toLowerCase(size.charAt(size.length() - 1));
    if (!factor.containsKey(unit)) {
      throw new IllegalArgumentException("Spark memory size without unit: " + size);
    }
    long amount = Long.parseLong(size.substring(0, size.length() - 1));
    return unit == 'k' ? Math.max(1, amount / 1024) : amount * factor.get(unit);
  }
}
