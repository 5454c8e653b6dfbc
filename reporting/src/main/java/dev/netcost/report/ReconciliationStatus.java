package dev.netcost.report;

/** Whether the month's allocated cost was reconciled against the cloud bill. */
public enum ReconciliationStatus {
  /** No reconciled cost in chargeback_daily and no reconciliation_daily table for the month. */
  NOT_RECONCILED,
  /** Some days carry reconciled cost, others do not. */
  PARTIAL,
  /** Every day with data is reconciled and allocated + unattributed equals billed to the cent. */
  TIED_OUT,
  /** Every day is reconciled but allocated + unattributed differs from billed. */
  MISMATCH
}
