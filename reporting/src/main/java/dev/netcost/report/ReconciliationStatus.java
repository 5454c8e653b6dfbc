package dev.netcost.report;

/** Whether the month's cost was reconciled against the cloud bill. */
public enum ReconciliationStatus {
  /**
   * No reconciliation_keys_daily and no reconciliation_allocations_daily partition in the month.
   */
  NOT_RECONCILED("Not reconciled"),
  /**
   * Some days with chargeback data have no reconciliation, or the two reconciliation tables cover
   * different days.
   */
  PARTIAL("Partially reconciled"),
  /**
   * Every day with data is reconciled and Σ reconciled (all teams) + unattributed equals billed to
   * the cent.
   */
  TIED_OUT("Reconciled \u2014 ties out"),
  /** Every day is reconciled but reconciled + unattributed differs from billed. */
  MISMATCH("Reconciled \u2014 does not tie out");

  private final String label;

  ReconciliationStatus(String label) {
    this.label = label;
  }

  /** As the report and the command line show it. */
  public String label() {
    return label;
  }
}
