package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One consumer of a key's traffic, as the flows measured it: a chargeback row (cluster, team,
 * namespace, workload) whose identity the reconciler does not read.
 *
 * @param owner the caller's identity of the row, handed back unchanged
 * @param estimatedCost the price-sheet estimate, empty when unpriced
 * @param measuredBytes the bytes counted the way the key bills them (see docs/reconciliation.md)
 */
public record Allocation<T>(T owner, Optional<BigDecimal> estimatedCost, long measuredBytes) {
  public Allocation {
    requireNonNull(owner, "owner is null");
    requireNonNull(estimatedCost, "estimatedCost is null");
    if (measuredBytes < 0) {
      throw new IllegalArgumentException("measuredBytes is negative: " + measuredBytes);
    }
    estimatedCost.ifPresent(
        cost -> {
          if (cost.signum() < 0) {
            throw new IllegalArgumentException("estimatedCost is negative: " + cost);
          }
        });
  }
}
