package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

/**
 * A source row that could not become a {@link BillingLine}.
 *
 * @param row the 1-based data row (CSV record after the header, JSON line, Parquet record)
 * @param line the 1-based physical line where the row starts (CSV, JSON lines); for Parquet the
 *     same as {@code row}
 * @param field the column at fault, or {@code (row)} when the row as a whole is malformed
 */
public record RejectedRow(String sourceFile, long row, long line, String field, String reason) {
  public RejectedRow {
    requireNonNull(sourceFile, "sourceFile is null");
    requireNonNull(field, "field is null");
    requireNonNull(reason, "reason is null");
  }

  public String message() {
    return sourceFile + " row " + row + " (line " + line + ") field " + field + ": " + reason;
  }
}
