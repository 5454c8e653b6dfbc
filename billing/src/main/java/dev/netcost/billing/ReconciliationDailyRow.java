package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One row of the {@code reconciliation_daily} table (docs/reconciliation.md §6): one per allocation
 * of a key, plus one {@code __unattributed__} row per key. Money at scale 9. Per key, the rows'
 * {@code allocatedCost} add up to {@code billedCost} exactly.
 *
 * @param cluster the allocation's cluster; on the unattributed row the cluster owning the billed
 *     resource, if the job knows one
 * @param estimatedCost empty on the unattributed row and for unpriced allocations
 * @param flags the flags' wire names, sorted, comma-separated; empty when none
 */
public record ReconciliationDailyRow(
    LocalDate date,
    Optional<String> cluster,
    String provider,
    String chargeKind,
    String trafficClass,
    String direction,
    Optional<String> region,
    Optional<String> resourceId,
    String team,
    String namespace,
    String workloadKind,
    String workload,
    BigDecimal billedCost,
    BigDecimal billedListCost,
    BigDecimal billedNetCost,
    BigDecimal billedUsageGib,
    Optional<BigDecimal> estimatedCost,
    long measuredBytes,
    BigDecimal allocatedCost,
    BigDecimal unattributedCost,
    Optional<BigDecimal> coverageRatio,
    Optional<BigDecimal> estimateToBillRatio,
    Optional<BigDecimal> billToEstimateRatio,
    String costBasis,
    String currency,
    String flags) {
  public ReconciliationDailyRow {
    requireNonNull(date, "date is null");
    requireNonNull(cluster, "cluster is null");
    requireNonNull(provider, "provider is null");
    requireNonNull(chargeKind, "chargeKind is null");
    requireNonNull(trafficClass, "trafficClass is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(region, "region is null");
    requireNonNull(resourceId, "resourceId is null");
    requireNonNull(team, "team is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(workloadKind, "workloadKind is null");
    requireNonNull(workload, "workload is null");
    requireNonNull(billedCost, "billedCost is null");
    requireNonNull(billedListCost, "billedListCost is null");
    requireNonNull(billedNetCost, "billedNetCost is null");
    requireNonNull(billedUsageGib, "billedUsageGib is null");
    requireNonNull(estimatedCost, "estimatedCost is null");
    requireNonNull(allocatedCost, "allocatedCost is null");
    requireNonNull(unattributedCost, "unattributedCost is null");
    requireNonNull(coverageRatio, "coverageRatio is null");
    requireNonNull(estimateToBillRatio, "estimateToBillRatio is null");
    requireNonNull(billToEstimateRatio, "billToEstimateRatio is null");
    requireNonNull(costBasis, "costBasis is null");
    requireNonNull(currency, "currency is null");
    requireNonNull(flags, "flags is null");
  }

  /** The table rows of one reconciled key: the allocations in order, then the unattributed row. */
  public static List<ReconciliationDailyRow> of(
      ReconciliationResult<ChargebackOwner> result, Optional<String> resourceCluster) {
    requireNonNull(result, "result is null");
    requireNonNull(resourceCluster, "resourceCluster is null");
    List<ReconciliationDailyRow> rows = new ArrayList<>();
    for (ReconciledAllocation<ChargebackOwner> allocation : result.allocations()) {
      ChargebackOwner owner = allocation.owner();
      rows.add(
          row(
              result,
              Optional.of(owner.cluster()),
              owner,
              allocation.allocation().estimatedCost(),
              allocation.allocation().measuredBytes(),
              allocation.allocatedCost()));
    }
    ChargebackOwner unattributed =
        new ChargebackOwner(
            resourceCluster.orElse(""),
            ChargebackOwner.UNATTRIBUTED,
            ChargebackOwner.UNATTRIBUTED,
            ChargebackOwner.UNATTRIBUTED,
            ChargebackOwner.UNATTRIBUTED);
    rows.add(
        row(result, resourceCluster, unattributed, Optional.empty(), 0, result.unattributedCost()));
    return rows;
  }

  private static ReconciliationDailyRow row(
      ReconciliationResult<ChargebackOwner> result,
      Optional<String> cluster,
      ChargebackOwner owner,
      Optional<BigDecimal> estimate,
      long bytes,
      BigDecimal allocated) {
    ReconciliationKey key = result.key();
    return new ReconciliationDailyRow(
        key.day(),
        cluster,
        key.provider().wireName(),
        key.kind().wireName(),
        key.trafficClass().wireName(),
        key.direction().map(TransferDirection::wireName).orElse("both"),
        key.region(),
        key.resourceId(),
        owner.team(),
        owner.namespace(),
        owner.workloadKind(),
        owner.workload(),
        result.billedCost(),
        result.billedListCost(),
        result.billedNetCost(),
        result.billedUsageGib(),
        estimate,
        bytes,
        allocated,
        result.unattributedCost(),
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
}
