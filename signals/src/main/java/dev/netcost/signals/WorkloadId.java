package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/** The local workload identity of network_flows rows; the team is an attribute, not identity. */
public record WorkloadId(String cluster, String namespace, String workloadKind, String workload)
    implements Comparable<WorkloadId> {
  private static final Comparator<WorkloadId> ORDER =
      Comparator.comparing(WorkloadId::cluster)
          .thenComparing(WorkloadId::namespace)
          .thenComparing(WorkloadId::workloadKind)
          .thenComparing(WorkloadId::workload);

  public WorkloadId {
    requireNonNull(cluster, "cluster is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(workloadKind, "workloadKind is null");
    requireNonNull(workload, "workload is null");
  }

  @Override
  public int compareTo(WorkloadId other) {
    return ORDER.compare(this, other);
  }

  /** {@code cluster/namespace/Kind/name}, as messages show it. */
  @Override
  public String toString() {
    return cluster + "/" + namespace + "/" + workloadKind + "/" + workload;
  }
}
