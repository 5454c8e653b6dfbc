package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/** An allocation with its share of the bill ({@code allocatedCost}, scale 9). */
public record ReconciledAllocation<T>(Allocation<T> allocation, BigDecimal allocatedCost) {
  public ReconciledAllocation {
    requireNonNull(allocation, "allocation is null");
    requireNonNull(allocatedCost, "allocatedCost is null");
  }

  public T owner() {
    return allocation.owner();
  }
}
