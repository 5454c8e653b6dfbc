package dev.netcost.billing;

/** Receives the rows of a source in order. */
interface RowSink {
  void row(Row row);

  /** A row that could not even be split into fields (bad quoting, wrong field count, bad JSON). */
  void malformed(long row, long line, String reason);
}
