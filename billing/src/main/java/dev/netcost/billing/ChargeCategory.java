package dev.netcost.billing;

/**
 * What kind of charge a line is, in FOCUS terms. Credits and discounts are separate lines with
 * negative cost in every format but GCP (whose credits ride on the usage line, see {@link
 * BillingLine#netCost()}).
 */
public enum ChargeCategory {
  USAGE,
  PURCHASE,
  TAX,
  CREDIT,
  ADJUSTMENT
}
