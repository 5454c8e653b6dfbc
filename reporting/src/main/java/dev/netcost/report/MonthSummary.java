package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The month's headline figures, the same in the report, the workbook, the CSV and the command's
 * summary.
 *
 * @param estimated the price-sheet estimate (showback) over every line; empty when nothing was
 *     priced
 * @param billed the bill's network transfer (Σ reconciliation_keys_daily.billed_cost); empty when
 *     not reconciled
 * @param reconciled the chargeback: Σ reconciled cost of the owners (every team but {@code
 *     __unattributed__})
 * @param unattributed billed cost no measured flow explains
 * @param variance billed − estimated, only when the whole month is reconciled
 */
record MonthSummary(
    Optional<BigDecimal> estimated,
    Optional<BigDecimal> billed,
    Optional<BigDecimal> reconciled,
    Optional<BigDecimal> unattributed,
    Optional<BigDecimal> variance,
    long egressBytes,
    long ingressBytes,
    long unpricedBytes) {
  MonthSummary {
    requireNonNull(estimated, "estimated is null");
    requireNonNull(billed, "billed is null");
    requireNonNull(reconciled, "reconciled is null");
    requireNonNull(unattributed, "unattributed is null");
    requireNonNull(variance, "variance is null");
  }

  static MonthSummary of(MonthData data) {
    MonthTotals.Sum total = new MonthTotals(data).total();
    MonthData.Reconciliation reconciliation = data.reconciliation();
    Optional<BigDecimal> estimated = total.estimate();
    Optional<BigDecimal> variance =
        reconciliation.complete() && reconciliation.billed().isPresent() && estimated.isPresent()
            ? Optional.of(reconciliation.billed().get().subtract(estimated.get()))
            : Optional.empty();
    return new MonthSummary(
        estimated,
        reconciliation.billed(),
        reconciliation.reconciled(),
        reconciliation.unattributed(),
        variance,
        total.egressBytes(),
        total.ingressBytes(),
        total.unpricedBytes());
  }

  /** The amount page 1 leads with: the chargeback when fully reconciled, else the estimate. */
  BigDecimal headline(MonthData data) {
    return data.reconciliation().complete()
        ? reconciled.orElse(BigDecimal.ZERO)
        : estimated.orElse(BigDecimal.ZERO);
  }
}
