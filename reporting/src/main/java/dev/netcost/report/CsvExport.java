package dev.netcost.report;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finance CSVs, written with Jackson's CSV module: RFC 4180 (CRLF line ends, a header row, quotes
 * doubled; a field with a comma, quote, CR or LF is quoted, and Jackson's default quoting also
 * quotes long fields and some leading punctuation, which RFC 4180 allows), UTF-8 without a byte
 * order mark. Money is exact with nine decimals and no grouping or currency symbol (the currency is
 * its own column), so a spreadsheet or a database reads it as a number; an unpriced estimate is an
 * empty cell (its traffic is in {@code unpriced_bytes}), never 0. No total row in the line and team
 * files: sums are left to the reader.
 *
 * <p>Text cells are neutralised against formula injection (OWASP "CSV Injection"): a text value
 * starting with {@code = + - @}, a tab or a carriage return gets a leading apostrophe (and is
 * quoted), so a spreadsheet shows it as text instead of evaluating it. Number cells are written by
 * netcost itself and are never altered. The XLSX keeps the original values (its text cells are
 * typed as text, which spreadsheets never evaluate).
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
          "estimated_cost",
          "reconciled_cost",
          "variance_cost",
          "previous_month_estimated_cost");
  static final List<String> SUMMARY_HEADER =
      List.of(
          "month",
          "currency",
          "status",
          "billed_cost",
          "estimated_cost",
          "reconciled_cost",
          "unattributed_cost",
          "variance_cost",
          "egress_bytes",
          "ingress_bytes",
          "unpriced_bytes",
          "days_with_data",
          "days_reconciled");

  private static final CsvMapper MAPPER = new CsvMapper();

  private CsvExport() {}

  /** One row per chargeback_monthly line (its columns, with the month). */
  static byte[] lines(MonthData data) {
    List<List<String>> rows = new ArrayList<>();
    for (MonthData.Line line : data.lines()) {
      rows.add(
          List.of(
              text(data.month().toString()),
              text(line.cluster()),
              text(line.team()),
              text(line.namespace()),
              text(line.workloadKind()),
              text(line.workload()),
              text(line.trafficClass()),
              text(data.currency()),
              Long.toString(line.egressBytes()),
              Long.toString(line.ingressBytes()),
              Long.toString(line.unpricedBytes()),
              optional(line.egressCost()),
              optional(line.ingressCost()),
              optional(line.cost()),
              optional(line.reconciledCost()),
              Integer.toString(line.daysWithTraffic())));
    }
    return encode(LINE_HEADER, rows);
  }

  /**
   * One row per team, then, when the month has unattributed cost, one {@code __unattributed__} row
   * (its reconciled cost is the unattributed amount), so Σ reconciled_cost is the bill.
   */
  static byte[] teams(MonthData data) {
    MonthTotals totals = new MonthTotals(data);
    List<List<String>> rows = new ArrayList<>();
    List<MonthTotals.Sum> sums = new ArrayList<>(totals.teams());
    totals.unattributed().ifPresent(sums::add);
    for (MonthTotals.Sum team : sums) {
      rows.add(
          List.of(
              text(data.month().toString()),
              text(team.key()),
              text(data.currency()),
              Long.toString(team.egressBytes()),
              Long.toString(team.ingressBytes()),
              Long.toString(team.unpricedBytes()),
              // the unattributed row is billed cost no estimate covers: no estimate at all
              optional(
                  team.key().equals(MonthReader.UNATTRIBUTED_TEAM)
                      ? Optional.empty()
                      : team.estimate()),
              optional(team.reconciledCost()),
              optional(team.variance()),
              // the unattributed row never had an estimate, last month neither
              optional(
                  data.previous()
                      .filter(p -> !team.key().equals(MonthReader.UNATTRIBUTED_TEAM))
                      .map(p -> p.teamCosts().getOrDefault(team.key(), BigDecimal.ZERO)))));
    }
    return encode(TEAM_HEADER, rows);
  }

  /** One row: the month's bill, estimate, chargeback, unattributed amount and variance. */
  static byte[] summary(MonthData data) {
    MonthSummary summary = MonthSummary.of(data);
    return encode(
        SUMMARY_HEADER,
        List.of(
            List.of(
                text(data.month().toString()),
                text(data.currency()),
                text(data.reconciliation().status().name()),
                optional(summary.billed()),
                optional(summary.estimated()),
                optional(summary.reconciled()),
                optional(summary.unattributed()),
                optional(summary.variance()),
                Long.toString(summary.egressBytes()),
                Long.toString(summary.ingressBytes()),
                Long.toString(summary.unpricedBytes()),
                Integer.toString(data.presentDays().size()),
                Integer.toString(data.reconciliation().reconciledDays().size()))));
  }

  private static String optional(Optional<BigDecimal> value) {
    return value.map(Formats::exact).orElse("");
  }

  /**
   * A text cell made safe to open in a spreadsheet: values starting with {@code = + - @}, tab or
   * carriage return get a leading apostrophe (OWASP CSV injection guidance).
   */
  static String text(String value) {
    if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
      return "'" + value;
    }
    return value;
  }

  static byte[] encode(List<String> header, List<List<String>> rows) {
    CsvSchema.Builder schema = CsvSchema.builder();
    header.forEach(schema::addColumn);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SequenceWriter writer =
        MAPPER
            .writerFor(String[].class)
            .with(schema.build().withHeader().withLineSeparator("\r\n"))
            .writeValues(out)) {
      for (List<String> row : rows) {
        if (row.size() != header.size()) {
          throw new IllegalStateException(
              "CSV row has " + row.size() + " fields, header " + header.size());
        }
        writer.write(row.toArray(String[]::new));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write CSV", e);
    }
    return out.toByteArray();
  }
}
