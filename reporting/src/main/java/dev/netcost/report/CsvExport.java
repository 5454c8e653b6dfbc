package dev.netcost.report;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finance CSVs: RFC 4180 (CRLF line ends, a header row, fields with comma, quote or line break
 * quoted, quotes doubled), UTF-8 without a byte order mark. Money is exact with nine decimals and
 * no grouping or currency symbol (the currency is its own column), so a spreadsheet or a database
 * reads it as a number. No total row: sums are left to the reader.
 */
final class CsvExport {
  static final List<String> LINE_HEADER =
      List.of(
          "month",
          "cluster",
          "team",
          "namespace",
          "workload_kind",
          "workload",
          "traffic_class",
          "currency",
          "egress_bytes",
          "ingress_bytes",
          "unpriced_bytes",
          "egress_cost",
          "ingress_cost",
          "cost",
          "reconciled_cost",
          "days_with_traffic");
  static final List<String> TEAM_HEADER =
      List.of(
          "month",
          "team",
          "currency",
          "egress_bytes",
          "ingress_bytes",
          "unpriced_bytes",
          "egress_cost",
          "ingress_cost",
          "cost",
          "reconciled_cost",
          "previous_month_cost");

  private CsvExport() {}

  static byte[] lines(MonthData data) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(LINE_HEADER);
    for (MonthData.Line line : data.lines()) {
      rows.add(
          List.of(
              data.month().toString(),
              line.cluster(),
              line.team(),
              line.namespace(),
              line.workloadKind(),
              line.workload(),
              line.trafficClass(),
              data.currency(),
              Long.toString(line.egressBytes()),
              Long.toString(line.ingressBytes()),
              Long.toString(line.unpricedBytes()),
              Formats.exact(line.egressCost()),
              Formats.exact(line.ingressCost()),
              Formats.exact(line.cost()),
              optional(line.reconciledCost()),
              Integer.toString(line.daysWithTraffic())));
    }
    return encode(rows);
  }

  static byte[] teams(MonthData data) {
    MonthTotals totals = new MonthTotals(data);
    List<List<String>> rows = new ArrayList<>();
    rows.add(TEAM_HEADER);
    for (MonthTotals.Sum team : totals.teams()) {
      rows.add(
          List.of(
              data.month().toString(),
              team.key(),
              data.currency(),
              Long.toString(team.egressBytes()),
              Long.toString(team.ingressBytes()),
              Long.toString(team.unpricedBytes()),
              Formats.exact(team.egressCost()),
              Formats.exact(team.ingressCost()),
              Formats.exact(team.cost()),
              optional(team.reconciledCost()),
              optional(
                  data.previous()
                      .map(p -> p.teamCosts().getOrDefault(team.key(), BigDecimal.ZERO)))));
    }
    return encode(rows);
  }

  private static String optional(Optional<BigDecimal> value) {
    return value.map(Formats::exact).orElse("");
  }

  static byte[] encode(List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int index = 0; index < row.size(); index++) {
        if (index > 0) {
          out.append(',');
        }
        out.append(field(row.get(index)));
      }
      out.append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String field(String value) {
    boolean quote =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0
            || value.indexOf('\r') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
