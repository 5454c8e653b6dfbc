package dev.netcost.billing;

/** Receives the rows of a source in order. */
interface RowSink {
  void row(Row row);

  /** A row that could not even be split into fields (bad quoting, wrong field count, bad JSON). */
  default void malformed(long row, long line, String reason) {
    malformed(row, line, "(row)", reason);
  }

  /**
   * A row that could not be split into fields, at fault in {@code field} (a column name, or {@code
   * (row)} for the row as a whole).
   */
  void malformed(long row, long line, String field, String reason);
}
