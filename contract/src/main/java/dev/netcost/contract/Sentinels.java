package dev.netcost.contract;

/**
 * The pseudo-owners that stand in the owner columns of every table where no real owner exists. They
 * are written as values (never NULL) so that sums grouped by owner keep every byte and cent;
 * docs/data-contract.md lists where each appears.
 */
public final class Sentinels {
  /** Team of an owner that no team rule matched (pod label, namespace label, mapping file). */
  public static final String UNASSIGNED_TEAM = "__unassigned__";

  /**
   * Namespace, workload kind and workload of a local address that no metadata snapshot resolves.
   */
  public static final String UNKNOWN = "__unknown__";

  /** Namespace of node (host-network) traffic. */
  public static final String NODE_NAMESPACE = "__node__";

  /**
   * Team, namespace and workload of billed cost that no measured flow explains (reconciliation);
   * also the cluster of such cost when the billed resource is no node of any cluster.
   */
  public static final String UNATTRIBUTED = "__unattributed__";

  private Sentinels() {}

  /** Whether {@code value} is one of the pseudo-owners above. */
  public static boolean isSentinel(String value) {
    return UNASSIGNED_TEAM.equals(value)
        || UNKNOWN.equals(value)
        || NODE_NAMESPACE.equals(value)
        || UNATTRIBUTED.equals(value);
  }
}
