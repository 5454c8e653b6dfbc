package dev.netcost.billing;

/** Which billed amount the reconciliation distributes. */
public enum CostBasis {
  /** What the invoice charges after credits and discounts (the default). */
  NET,
  /** The public on-demand price, before credits and discounts. */
  LIST
}
