package dev.netcost.job;

import dev.netcost.report.MonthlyReport;
import dev.netcost.report.ReportOptions;
import dev.netcost.report.ReportResult;
import java.io.PrintStream;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Build a month's chargeback: the chargeback_monthly table, the report (HTML and PDF, one page",
      "per team), and the finance exports (XLSX, CSV), under reports/YYYY-MM/ in the store."
    })
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--month", required = true, description = "The month, YYYY-MM (UTC).")
  YearMonth month;

  @Option(
      names = "--store",
      description =
          "Store with the tables: a directory or URI (default: $NETCOST_STORE, else netcost-data).",
      defaultValue = "${env:NETCOST_STORE:-netcost-data}")
  String store;

  @Option(names = "--master", description = "Spark master (default: local[*], or spark-submit's).")
  String master;

  @Option(
      names = "--pdf",
      description =
          "PDF rendering with headless Chromium: REQUIRED, IF_AVAILABLE or SKIP (default: ${DEFAULT-VALUE}).",
      defaultValue = "IF_AVAILABLE")
  ReportOptions.Pdf pdf;

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.create(master, "netcost report " + month);
    try {
      print(System.out, report(spark, Stores.sparkLocation(store), month, pdf));
    } finally {
      spark.stop();
    }
    return 0;
  }

  static ReportResult report(
      SparkSession spark, String storeRoot, YearMonth month, ReportOptions.Pdf pdf) {
    return MonthlyReport.run(
        spark, storeRoot, month, new ReportOptions(Clock.systemUTC(), Optional.empty(), pdf));
  }

  static void print(PrintStream out, ReportResult result) {
    out.printf(
        "%s: %s %s over %d teams (%s)%n",
        result.month(),
        result.totalCost().setScale(2, RoundingMode.HALF_EVEN).toPlainString(),
        result.currency(),
        result.teamCosts().size(),
        result.reconciliation());
    out.printf("  report: %s%n", result.html());
    result.pdf().ifPresent(pdf -> out.printf("  pdf:    %s%n", pdf));
    out.printf("  xlsx:   %s%n  csv:    %s%n", result.xlsx(), result.csv());
    result.notes().forEach(note -> out.printf("  note: %s%n", note));
  }
}
