package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Money;
import dev.netcost.contract.Sentinels;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rows one reconciled key contributes to the two reconciliation tables (docs/tables.md): {@code
 * reconciliation_keys_daily} (one row per date and billing key: the billed amounts live there only)
 * and {@code reconciliation_allocations_daily} (one row per date, billing key and owner, plus one
 * {@code __unattributed__} owner row when the key has unattributed cost). Money at scale 9. Per
 * key, the allocation rows' {@code reconciledCost} add up to the key row's {@code billedCost}
 * exactly, and the key row's {@code reconciledCost + unattributedCost == billedCost}.
 */
public final class ReconciliationRows {
  private ReconciliationRows() {}

  /**
   * The key columns shared by both tables.
   *
   * @param direction {@code egress}, {@code ingress} or {@code both} (the bill does not say)
   */
  public record Key(
      LocalDate date,
      String provider,
      String chargeKind,
      String trafficClass,
      String direction,
      Optional<String> region,
      Optional<String> resourceId) {
    public Key {
      requireNonNull(date, "date is null");
      requireNonNull(provider, "provider is null");
      requireNonNull(chargeKind, "chargeKind is null");
      requireNonNull(trafficClass, "trafficClass is null");
      requireNonNull(direction, "direction is null");
      requireNonNull(region, "region is null");
      requireNonNull(resourceId, "resourceId is null");
    }

    static Key of(ReconciliationKey key) {
      return new Key(
          key.day(),
          key.provider().wireName(),
          key.kind().wireName(),
          key.trafficClass().wireName(),
          key.direction().map(TransferDirection::wireName).orElse("both"),
          key.region(),
          key.resourceId());
    }
  }

  /**
   * One row of {@code reconciliation_keys_daily}.
   *
   * @param resourceCluster the cluster whose node is the billed resource, when the job knows one
   * @param billLines how many bill lines were summed into the key; 0 for a key the bill has no line
   *     for (flows the bill does not charge, flagged {@code not_billed})
   * @param estimatedCost the sum of the key's priced allocation estimates; empty when the key has
   *     allocations and none is priced
   * @param unpricedBytes the measured bytes of the key's allocations without an estimate
   * @param reconciledCost the sum allocated to owners
   * @param flags the flags' wire names, sorted, comma-separated; empty when none
   */
  public record KeyRow(
      Key key,
      Optional<String> resourceCluster,
      BigDecimal billedCost,
      BigDecimal billedListCost,
      BigDecimal billedNetCost,
      BigDecimal billedUsageGib,
      long billLines,
      Optional<BigDecimal> estimatedCost,
      long measuredBytes,
      long unpricedBytes,
      BigDecimal reconciledCost,
      BigDecimal unattributedCost,
      Optional<BigDecimal> coverageRatio,
      Optional<BigDecimal> estimateToBillRatio,
      Optional<BigDecimal> billToEstimateRatio,
      String costBasis,
      String currency,
      String flags) {
    public KeyRow {
      requireNonNull(key, "key is null");
      requireNonNull(resourceCluster, "resourceCluster is null");
      requireNonNull(billedCost, "billedCost is null");
      requireNonNull(billedListCost, "billedListCost is null");
      requireNonNull(billedNetCost, "billedNetCost is null");
      requireNonNull(billedUsageGib, "billedUsageGib is null");
      requireNonNull(estimatedCost, "estimatedCost is null");
      requireNonNull(reconciledCost, "reconciledCost is null");
      requireNonNull(unattributedCost, "unattributedCost is null");
      requireNonNull(coverageRatio, "coverageRatio is null");
      requireNonNull(estimateToBillRatio, "estimateToBillRatio is null");
      requireNonNull(billToEstimateRatio, "billToEstimateRatio is null");
      requireNonNull(costBasis, "costBasis is null");
      requireNonNull(currency, "currency is null");
      requireNonNull(flags, "flags is null");
      if (reconciledCost.add(unattributedCost).compareTo(billedCost) != 0) {
        throw new IllegalStateException(
            "Key row "
                + key
                + " does not add up: "
                + reconciledCost
                + " + "
                + unattributedCost
                + " != "
                + billedCost);
      }
    }
  }

  /**
   * One row of {@code reconciliation_allocations_daily}.
   *
   * @param owner the owner the key's cost is allocated to; the unattributed row's team, namespace,
   *     workload kind and workload are {@link ChargebackOwner#UNATTRIBUTED} and its cluster the
   *     billed resource's cluster, or {@link ChargebackOwner#UNATTRIBUTED} when unknown
   * @param estimatedCost the owner's price-sheet estimate of the key's traffic under the
   *     attribution policy; empty on the unattributed row and when unpriced
   * @param measuredBytes the key's measured bytes the policy puts on the owner
   */
  public record AllocationRow(
      Key key,
      ChargebackOwner owner,
      Optional<BigDecimal> estimatedCost,
      long measuredBytes,
      BigDecimal reconciledCost,
      String currency) {
    public AllocationRow {
      requireNonNull(key, "key is null");
      requireNonNull(owner, "owner is null");
      requireNonNull(estimatedCost, "estimatedCost is null");
      requireNonNull(reconciledCost, "reconciledCost is null");
      requireNonNull(currency, "currency is null");
    }

    public boolean unattributed() {
      return owner.team().equals(Sentinels.UNATTRIBUTED);
    }
  }

  /** The key row of one reconciled key. */
  public static KeyRow keyRow(
      ReconciliationResult<ChargebackOwner> result,
      Optional<String> resourceCluster,
      long billLines) {
    requireNonNull(result, "result is null");
    requireNonNull(resourceCluster, "resourceCluster is null");
    boolean anyPriced = false;
    long unpricedBytes = 0;
    for (ReconciledAllocation<ChargebackOwner> allocation : result.allocations()) {
      if (allocation.allocation().estimatedCost().isPresent()) {
        anyPriced = true;
      } else {
        unpricedBytes = Math.addExact(unpricedBytes, allocation.allocation().measuredBytes());
      }
    }
    Optional<BigDecimal> estimated =
        anyPriced || result.allocations().isEmpty()
            ? Optional.of(money(result.estimatedCost()))
            : Optional.empty();
    return new KeyRow(
        Key.of(result.key()),
        resourceCluster,
        money(result.billedCost()),
        money(result.billedListCost()),
        money(result.billedNetCost()),
        money(result.billedUsageGib()),
        billLines,
        estimated,
        longValue(result.measuredBytes()),
        unpricedBytes,
        money(result.allocatedCost()),
        money(result.unattributedCost()),
        result.coverageRatio(),
        result.estimateToBillRatio(),
        result.billToEstimateRatio(),
        switch (result.costBasis()) {
          case NET -> "net";
          case LIST -> "list";
        },
        result.currency(),
        result.flags().stream()
            .map(ReconciliationFlag::wireName)
            .sorted()
            .collect(Collectors.joining(",")));
  }

  /**
   * The allocation rows of one reconciled key: its allocations in order, then the {@code
   * __unattributed__} row when the unattributed cost is not zero.
   */
  public static List<AllocationRow> allocationRows(
      ReconciliationResult<ChargebackOwner> result, Optional<String> resourceCluster) {
    requireNonNull(result, "result is null");
    requireNonNull(resourceCluster, "resourceCluster is null");
    Key key = Key.of(result.key());
    List<AllocationRow> rows = new ArrayList<>();
    for (ReconciledAllocation<ChargebackOwner> allocation : result.allocations()) {
      rows.add(
          new AllocationRow(
              key,
              allocation.owner(),
              allocation.allocation().estimatedCost().map(ReconciliationRows::money),
              allocation.allocation().measuredBytes(),
              money(allocation.allocatedCost()),
              result.currency()));
    }
    if (result.unattributedCost().signum() != 0) {
      rows.add(
          new AllocationRow(
              key,
              unattributedOwner(resourceCluster),
              Optional.empty(),
              0,
              money(result.unattributedCost()),
              result.currency()));
    }
    return rows;
  }

  /** The pseudo-owner of a key's unattributed cost. */
  public static ChargebackOwner unattributedOwner(Optional<String> resourceCluster) {
    return new ChargebackOwner(
        resourceCluster.orElse(Sentinels.UNATTRIBUTED),
        Sentinels.UNATTRIBUTED,
        Sentinels.UNATTRIBUTED,
        Sentinels.UNATTRIBUTED,
        Sentinels.UNATTRIBUTED);
  }

  /**
   * Money at the tables' scale. The distributed amounts are at scale 9 by construction; list and
   * net sums of the bill may carry more digits (then {@code billed_rounded} flags the key).
   */
  private static BigDecimal money(BigDecimal value) {
    return Money.round(value);
  }

  private static long longValue(BigInteger value) {
    return value.longValueExact();
  }
}
