package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reconciliation of one key: the teams' shares of the bill plus the unattributed rest.
 * Invariant: {@code sum(allocations.allocatedCost) + unattributedCost == billedCost}, exactly, at
 * scale 9.
 *
 * @param billedCost the amount distributed (net or list, see {@link CostBasis}), scale 9
 * @param estimatedCost the sum of the priced estimates (zero when none is priced)
 * @param coverageRatio measured GiB / billed GiB, empty when the bill has no usage
 * @param estimateToBillRatio estimated cost / billed cost, empty when the bill is zero
 * @param billToEstimateRatio billed cost / estimated cost, empty when the estimate is zero
 */
public record ReconciliationResult<T>(
    ReconciliationKey key,
    CostBasis costBasis,
    BigDecimal billedCost,
    BigDecimal billedListCost,
    BigDecimal billedNetCost,
    BigDecimal billedUsageGib,
    BigDecimal estimatedCost,
    BigInteger measuredBytes,
    List<ReconciledAllocation<T>> allocations,
    BigDecimal allocatedCost,
    BigDecimal unattributedCost,
    Optional<BigDecimal> coverageRatio,
    Optional<BigDecimal> estimateToBillRatio,
    Optional<BigDecimal> billToEstimateRatio,
    String currency,
    Set<ReconciliationFlag> flags) {
  public ReconciliationResult {
    requireNonNull(key, "key is null");
    requireNonNull(costBasis, "costBasis is null");
    requireNonNull(billedCost, "billedCost is null");
    requireNonNull(billedListCost, "billedListCost is null");
    requireNonNull(billedNetCost, "billedNetCost is null");
    requireNonNull(billedUsageGib, "billedUsageGib is null");
    requireNonNull(estimatedCost, "estimatedCost is null");
    requireNonNull(measuredBytes, "measuredBytes is null");
    allocations = List.copyOf(allocations);
    requireNonNull(allocatedCost, "allocatedCost is null");
    requireNonNull(unattributedCost, "unattributedCost is null");
    requireNonNull(coverageRatio, "coverageRatio is null");
    requireNonNull(estimateToBillRatio, "estimateToBillRatio is null");
    requireNonNull(billToEstimateRatio, "billToEstimateRatio is null");
    requireNonNull(currency, "currency is null");
    flags = Set.copyOf(flags);
    BigDecimal sum = unattributedCost;
    for (ReconciledAllocation<T> allocation : allocations) {
      sum = sum.add(allocation.allocatedCost());
    }
    if (sum.compareTo(billedCost) != 0) {
      throw new IllegalStateException(
          "Reconciliation of " + key + " does not add up: " + sum + " != " + billedCost);
    }
  }

  /**
   * The allocated costs (in allocation order) followed by the unattributed cost, rounded to cents
   * so that they still add up to the billed cost rounded half-even to cents.
   */
  public List<BigDecimal> inCents() {
    List<BigDecimal> parts = new ArrayList<>();
    for (ReconciledAllocation<T> allocation : allocations) {
      parts.add(allocation.allocatedCost());
    }
    parts.add(unattributedCost);
    return Money.roundKeepingTotal(parts, 2);
  }
}
