package dev.netcost.billing;

/** Why a reconciliation row needs a look. The wire names go in the flags column. */
public enum ReconciliationFlag {
  /** The bill charges the key but no flow was measured: all of it is unattributed. */
  NOT_MEASURED("not_measured"),
  /** The bill has no line for the key (a $0 line is billed at $0): reconciled cost 0. */
  NOT_BILLED("not_billed"),
  /** Measured bytes fall short of billed usage by more than the tolerance (none measured too). */
  LOW_COVERAGE("low_coverage"),
  /** Measured bytes exceed billed usage by more than the tolerance. */
  OVER_MEASURED("over_measured"),
  /** The estimate exceeds the bill by more than the tolerance. */
  ESTIMATE_ABOVE_BILL("estimate_above_bill"),
  /** The estimate falls short of the bill by more than the tolerance. */
  ESTIMATE_BELOW_BILL("estimate_below_bill"),
  /** The bill has lines for the key but no positive data usage: shares by weight only. */
  NO_BILLED_USAGE("no_billed_usage"),
  /** Some allocations had no price-sheet estimate. */
  UNPRICED_ESTIMATES("unpriced_estimates"),
  /** Net cost differs from list cost (credits, discounts, free tier). */
  DISCOUNTED("discounted"),
  /** The billed sum had more than 9 decimals and was rounded half-even to 9. */
  BILLED_ROUNDED("billed_rounded");

  private final String wireName;

  ReconciliationFlag(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
