package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What reading one export file gave: every data row is either a line or a rejection, so {@code
 * rowsRead == lines.size() + rejections.size()}.
 */
public record ReadResult(
    String sourceFile, long rowsRead, List<BillingLine> lines, List<RejectedRow> rejections) {
  public ReadResult {
    requireNonNull(sourceFile, "sourceFile is null");
    lines = List.copyOf(lines);
    rejections = List.copyOf(rejections);
    if (rowsRead != lines.size() + (long) rejections.size()) {
      throw new IllegalArgumentException(
          "rowsRead "
              + rowsRead
              + " is not lines "
              + lines.size()
              + " + rejections "
              + rejections.size());
    }
  }

  /** Rejections counted by field, in field order. */
  public Map<String, Long> rejectionsByField() {
    Map<String, Long> counts = new TreeMap<>();
    for (RejectedRow rejection : rejections) {
      counts.merge(rejection.field(), 1L, Long::sum);
    }
    return counts;
  }

  /** One line for logs and the run log: {@code file: N rows, L lines, R rejected (field: n, …)}. */
  public String summary() {
    StringBuilder text =
        new StringBuilder()
            .append(sourceFile)
            .append(": ")
            .append(rowsRead)
            .append(" rows, ")
            .append(lines.size())
            .append(" lines, ")
            .append(rejections.size())
            .append(" rejected");
    if (!rejections.isEmpty()) {
      text.append(" (");
      String separator = "";
      for (Map.Entry<String, Long> entry : rejectionsByField().entrySet()) {
        text.append(separator).append(entry.getKey()).append(": ").append(entry.getValue());
        separator = ", ";
      }
      text.append("; first: ").append(rejections.get(0).message()).append(')');
    }
    return text.toString();
  }
}
