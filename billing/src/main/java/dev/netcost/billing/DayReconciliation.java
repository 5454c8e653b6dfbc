package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Money;
import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules of one date's reconciliation (docs/reconciliation.md §5), on values the caller has
 * read: which measured flows a billed key takes, the unbilled keys of the flows no billed key took,
 * and the accounting identity of the result. The nightly job reads the bill and the flows, calls
 * {@link #reconcile} and writes the rows; nothing here reads or writes.
 */
public final class DayReconciliation {
  private static final BigDecimal ZERO = Money.zero();

  private static final Comparator<ChargebackOwner> OWNER_ORDER =
      Comparator.comparing(ChargebackOwner::cluster)
          .thenComparing(ChargebackOwner::team)
          .thenComparing(ChargebackOwner::namespace)
          .thenComparing(ChargebackOwner::workloadKind)
          .thenComparing(ChargebackOwner::workload);

  private DayReconciliation() {}

  /** A node of the date's metadata, by cluster and node name. */
  public record Node(String cluster, String node) {
    public Node {
      requireNonNull(cluster, "cluster is null");
      requireNonNull(node, "node is null");
    }
  }

  /**
   * The date's flows of one node, class, NAT path, owner, in-cluster peer owner and local rates,
   * summed.
   *
   * @param region the node's region; empty when the metadata did not place the node
   * @param viaNat whether the flows left through a NAT gateway (a source NAT address that is not a
   *     node's)
   */
  public record FlowGroup(
      String cluster,
      String node,
      Optional<String> region,
      TrafficClass trafficClass,
      boolean viaNat,
      PolicyShares.Traffic<ChargebackOwner> traffic) {
    public FlowGroup {
      requireNonNull(cluster, "cluster is null");
      requireNonNull(node, "node is null");
      requireNonNull(region, "region is null");
      requireNonNull(trafficClass, "trafficClass is null");
      requireNonNull(traffic, "traffic is null");
    }

    long bytes(TransferDirection direction) {
      return direction == TransferDirection.EGRESS ? traffic.sentBytes() : traffic.receivedBytes();
    }

    Optional<BigDecimal> estimate(TransferDirection direction) {
      return direction == TransferDirection.EGRESS ? traffic.egressCost() : traffic.ingressCost();
    }

    /** Whether the group has bytes or a positive estimate on {@code direction}'s side. */
    boolean hasTraffic(TransferDirection direction) {
      return bytes(direction) > 0
          || estimate(direction).map(cost -> cost.signum() > 0).orElse(false);
    }
  }

  /**
   * What the date reconciled to: the rows of both tables, billed keys first (in key order), then
   * the unbilled keys (in key order), and their totals.
   *
   * @param billedCost the distributed amount of the billed keys; equals {@code attributedCost +
   *     unattributedCost} and the sum of the allocation rows' {@code reconciled_cost} exactly
   * @param estimatedCost the price-sheet estimate of every key, billed and unbilled
   * @param measuredBytes the bytes the billed keys found in the flows
   */
  public record Outcome(
      List<ReconciliationRows.KeyRow> keyRows,
      List<ReconciliationRows.AllocationRow> allocationRows,
      int billedKeys,
      int unbilledKeys,
      BigDecimal billedCost,
      BigDecimal attributedCost,
      BigDecimal unattributedCost,
      BigDecimal estimatedCost,
      BigDecimal billedUsageGib,
      BigInteger measuredBytes) {
    public Outcome {
      keyRows = List.copyOf(keyRows);
      allocationRows = List.copyOf(allocationRows);
      requireNonNull(billedCost, "billedCost is null");
      requireNonNull(attributedCost, "attributedCost is null");
      requireNonNull(unattributedCost, "unattributedCost is null");
      requireNonNull(estimatedCost, "estimatedCost is null");
      requireNonNull(billedUsageGib, "billedUsageGib is null");
      requireNonNull(measuredBytes, "measuredBytes is null");
    }
  }

  /**
   * Reconciles every billed key with the flows it takes, then the flows no billed key took, per
   * direction, against nothing (unbilled keys: transfer of the flow's class, direction and region),
   * and checks the identity before returning.
   *
   * @param billed the date's billed keys of {@code provider}, in key order; empty when the date's
   *     bill lines are all non-network (then every flow group is an unbilled key)
   * @param flows the date's flow groups
   * @param instances each node's cloud instance id (the metadata's {@code cloud_instance_id})
   * @param policy the attribution policy the flows were priced under
   * @param estimateCurrency the currency of the flows' estimates
   * @param billSource where the bill was read, for messages
   * @throws IllegalArgumentException when a key cannot be reconciled (a currency mismatch)
   * @throws IllegalStateException when the result breaks the accounting identity
   */
  public static Outcome reconcile(
      LocalDate date,
      BillingProvider provider,
      Map<ReconciliationKey, BilledNetworkCost> billed,
      List<FlowGroup> flows,
      Map<Node, String> instances,
      AttributionPolicy policy,
      Reconciler reconciler,
      String estimateCurrency,
      String billSource) {
    requireNonNull(date, "date is null");
    requireNonNull(provider, "provider is null");
    requireNonNull(billed, "billed is null");
    requireNonNull(flows, "flows is null");
    requireNonNull(instances, "instances is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(reconciler, "reconciler is null");
    requireNonNull(estimateCurrency, "estimateCurrency is null");
    requireNonNull(billSource, "billSource is null");
    List<ReconciliationRows.KeyRow> keyRows = new ArrayList<>();
    List<ReconciliationRows.AllocationRow> allocationRows = new ArrayList<>();
    boolean[] takenEgress = new boolean[flows.size()];
    boolean[] takenIngress = new boolean[flows.size()];
    BigDecimal billedTotal = ZERO;
    BigDecimal attributedTotal = ZERO;
    BigDecimal unattributedTotal = ZERO;
    BigDecimal estimatedTotal = ZERO;
    BigDecimal usageTotal = BigDecimal.ZERO;
    BigInteger measuredBytes = BigInteger.ZERO;
    for (BilledNetworkCost bill : billed.values()) {
      ReconciliationKey key = bill.key();
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < flows.size(); i++) {
        if (matches(key, flows.get(i), billed.keySet(), instances)) {
          members.add(i);
          if (key.kind() == ChargeKind.TRANSFER) {
            if (key.direction().map(d -> d == TransferDirection.EGRESS).orElse(true)) {
              takenEgress[i] = true;
            }
            if (key.direction().map(d -> d == TransferDirection.INGRESS).orElse(true)) {
              takenIngress[i] = true;
            }
          }
        }
      }
      ReconciliationResult<ChargebackOwner> result =
          reconcile(
              reconciler,
              bill,
              allocations(flows, members, key.direction(), policy),
              estimateCurrency,
              date,
              billSource);
      Optional<String> resourceCluster = resourceCluster(key, instances);
      keyRows.add(ReconciliationRows.keyRow(result, resourceCluster, bill.lines()));
      allocationRows.addAll(ReconciliationRows.allocationRows(result, resourceCluster));
      billedTotal = billedTotal.add(result.billedCost());
      attributedTotal = attributedTotal.add(result.allocatedCost());
      unattributedTotal = unattributedTotal.add(result.unattributedCost());
      estimatedTotal = estimatedTotal.add(result.estimatedCost());
      usageTotal = usageTotal.add(result.billedUsageGib());
      measuredBytes = measuredBytes.add(result.measuredBytes());
    }
    Map<ReconciliationKey, List<Integer>> unbilled = new TreeMap<>();
    for (int i = 0; i < flows.size(); i++) {
      FlowGroup flow = flows.get(i);
      for (TransferDirection direction : TransferDirection.values()) {
        boolean taken = direction == TransferDirection.EGRESS ? takenEgress[i] : takenIngress[i];
        if (taken || !flow.hasTraffic(direction)) {
          continue;
        }
        ReconciliationKey key =
            new ReconciliationKey(
                date,
                provider,
                ChargeKind.TRANSFER,
                flow.trafficClass(),
                Optional.of(direction),
                flow.region(),
                Optional.empty());
        if (billed.containsKey(key)) {
          throw new IllegalStateException("Flows of billed key " + key + " were not taken");
        }
        unbilled.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    for (Map.Entry<ReconciliationKey, List<Integer>> entry : unbilled.entrySet()) {
      ReconciliationKey key = entry.getKey();
      ReconciliationResult<ChargebackOwner> result =
          reconcile(
              reconciler,
              BilledNetworkCost.nothing(key, estimateCurrency),
              allocations(flows, entry.getValue(), key.direction(), policy),
              estimateCurrency,
              date,
              billSource);
      keyRows.add(ReconciliationRows.keyRow(result, Optional.empty(), 0));
      allocationRows.addAll(ReconciliationRows.allocationRows(result, Optional.empty()));
      estimatedTotal = estimatedTotal.add(result.estimatedCost());
    }
    checkIdentity(date, allocationRows, billedTotal, attributedTotal, unattributedTotal);
    return new Outcome(
        keyRows,
        allocationRows,
        billed.size(),
        unbilled.size(),
        billedTotal,
        attributedTotal,
        unattributedTotal,
        estimatedTotal,
        usageTotal,
        measuredBytes);
  }

  /**
   * The accounting identity, checked before anything is written: the allocation rows' reconciled
   * cost sums to the billed amount, and so do attributed plus unattributed.
   *
   * @throws IllegalStateException naming the four amounts when either sum differs
   */
  static void checkIdentity(
      LocalDate date,
      List<ReconciliationRows.AllocationRow> allocationRows,
      BigDecimal billed,
      BigDecimal attributed,
      BigDecimal unattributed) {
    BigDecimal allocated = ZERO;
    for (ReconciliationRows.AllocationRow row : allocationRows) {
      allocated = allocated.add(row.reconciledCost());
    }
    if (allocated.compareTo(billed) != 0 || attributed.add(unattributed).compareTo(billed) != 0) {
      throw new IllegalStateException(
          "Reconciliation of "
              + date
              + " does not add up: allocations "
              + allocated.toPlainString()
              + ", attributed "
              + attributed.toPlainString()
              + " + unattributed "
              + unattributed.toPlainString()
              + ", billed "
              + billed.toPlainString());
    }
  }

  /**
   * Whether a flow group belongs to a billed key (docs/reconciliation.md §5): same class (NAT keys:
   * internet flows through a NAT gateway); a resource key takes the flows of the node that is the
   * resource; a region key the flows of the region's nodes that no resource key of the same charge
   * names; a key without region the flows no more specific key of the same charge takes.
   */
  static boolean matches(
      ReconciliationKey key,
      FlowGroup flow,
      Set<ReconciliationKey> billedKeys,
      Map<Node, String> instances) {
    boolean classMatches =
        switch (key.kind()) {
          case TRANSFER -> flow.trafficClass() == key.trafficClass();
          case NAT_GATEWAY -> flow.trafficClass() == TrafficClass.INTERNET && flow.viaNat();
        };
    if (!classMatches) {
      return false;
    }
    String instance = instances.get(new Node(flow.cluster(), flow.node()));
    if (key.resourceId().isPresent()) {
      return instance != null && sameResource(key.resourceId().get(), instance);
    }
    for (ReconciliationKey other : billedKeys) {
      if (other.resourceId().isEmpty()
          || !sameCharge(key, other)
          || (key.region().isPresent() && !key.region().equals(other.region()))) {
        continue;
      }
      if (instance != null && sameResource(other.resourceId().get(), instance)) {
        return false;
      }
    }
    if (key.region().isPresent()) {
      return inRegion(flow, key.region().get());
    }
    for (ReconciliationKey other : billedKeys) {
      if (other.resourceId().isEmpty()
          && other.region().isPresent()
          && sameCharge(key, other)
          && inRegion(flow, other.region().get())) {
        return false;
      }
    }
    return true;
  }

  private static boolean inRegion(FlowGroup flow, String region) {
    return flow.region().map(region::equalsIgnoreCase).orElse(false);
  }

  private static boolean sameCharge(ReconciliationKey a, ReconciliationKey b) {
    return a.day().equals(b.day())
        && a.provider() == b.provider()
        && a.kind() == b.kind()
        && a.trafficClass() == b.trafficClass()
        && a.direction().equals(b.direction());
  }

  /**
   * Whether a billed resource id is the node with {@code instance} (the metadata's {@code
   * cloud_instance_id}): the same id (case-insensitively: Azure ids vary in case), an Azure VMSS
   * whose instance the node is, or a GCP global name ending in {@code /instances/NAME}.
   */
  static boolean sameResource(String resourceId, String instance) {
    String resource = resourceId.toLowerCase(Locale.ROOT);
    String node = instance.toLowerCase(Locale.ROOT);
    if (resource.equals(node)) {
      return true;
    }
    int vmss = node.indexOf("/virtualmachines/");
    if (vmss > 0 && node.substring(0, vmss).endsWith(resource)) {
      return true;
    }
    return resource.endsWith("/instances/" + node) || node.endsWith("/instances/" + resource);
  }

  /** The cluster of the node a resource key names (the first by name when several match). */
  static Optional<String> resourceCluster(ReconciliationKey key, Map<Node, String> instances) {
    if (key.resourceId().isEmpty()) {
      return Optional.empty();
    }
    return instances.entrySet().stream()
        .filter(entry -> sameResource(key.resourceId().get(), entry.getValue()))
        .map(entry -> entry.getKey().cluster())
        .sorted()
        .findFirst();
  }

  private static ReconciliationResult<ChargebackOwner> reconcile(
      Reconciler reconciler,
      BilledNetworkCost bill,
      List<Allocation<ChargebackOwner>> allocations,
      String estimateCurrency,
      LocalDate date,
      String billSource) {
    try {
      return reconciler.reconcile(bill, allocations, estimateCurrency);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot reconcile " + date + " with " + billSource + ": " + e.getMessage(), e);
    }
  }

  /** The allocation rows of a key: its member flows, borne per the attribution policy. */
  private static List<Allocation<ChargebackOwner>> allocations(
      List<FlowGroup> flows,
      List<Integer> members,
      Optional<TransferDirection> direction,
      AttributionPolicy policy) {
    List<PolicyShares.Traffic<ChargebackOwner>> traffic = new ArrayList<>(members.size());
    for (int index : members) {
      traffic.add(flows.get(index).traffic());
    }
    return PolicyShares.allocations(traffic, direction, policy, OWNER_ORDER);
  }
}
