package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Sentinels;

/**
 * The identity of a chargeback_daily row, as an {@link Allocation} owner when the job reconciles
 * chargeback rows.
 */
public record ChargebackOwner(
    String cluster, String team, String namespace, String workloadKind, String workload) {
  /** The team, namespace and workload of the row carrying a key's unattributed cost. */
  public static final String UNATTRIBUTED = Sentinels.UNATTRIBUTED;

  public ChargebackOwner {
    requireNonNull(cluster, "cluster is null");
    requireNonNull(team, "team is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(workloadKind, "workloadKind is null");
    requireNonNull(workload, "workload is null");
  }
}
