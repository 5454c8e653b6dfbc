package dev.netcost.job;

import dev.netcost.contract.Money;
import dev.netcost.report.MonthlyReport;
import dev.netcost.report.ReportOptions;
import dev.netcost.report.ReportResult;
import dev.netcost.spark.SparkSessions;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Build a month's chargeback: table, report and finance exports.",
      "Writes the chargeback_monthly table, the report (HTML and PDF, one page per team), and the"
          + " finance exports (XLSX, CSV), under reports/YYYY-MM/ in the store."
    })
final class ReportCommand implements Callable<Integer> {
  @Option(
      names = "--month",
      required = true,
      paramLabel = "MONTH",
      description = "The month, YYYY-MM (UTC).")
  YearMonth month;

  @Mixin CommonOptions.Store store;

  @Mixin CommonOptions.Master master;

  @Option(
      names = "--pdf",
      paramLabel = "MODE",
      converter = CommonOptions.PdfConverter.class,
      completionCandidates = CommonOptions.PdfNames.class,
      description =
          "PDF rendering with headless Chromium: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "IF_AVAILABLE")
  ReportOptions.Pdf pdf;

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.create(master.master, "netcost report " + month);
    try {
      print(System.out, report(spark, Stores.sparkLocation(store.store), month, pdf));
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

  /**
   * The month's summary as the command (and the demo) prints it: the status, the bill and how it
   * splits, then estimate and reconciled cost per team and the estimate per traffic class. Amounts
   * are rounded half-up to the cent, as in the report.
   */
  static void print(PrintStream out, ReportResult result) {
    String currency = result.currency();
    out.printf("%s: %s%n", result.month(), result.reconciliation().label());
    if (result.billedCost().isPresent()) {
      out.printf(
          "  billed %s %s = reconciled to teams %s + unattributed %s; estimate (showback) %s%n",
          cents(result.billedCost().get()),
          currency,
          cents(result.reconciledCost().orElse(BigDecimal.ZERO)),
          cents(result.unattributedCost().orElse(BigDecimal.ZERO)),
          cents(result.totalCost()));
    } else {
      out.printf(
          "  estimate (showback) %s %s; not reconciled against a bill%n",
          cents(result.totalCost()), currency);
    }
    out.printf("  %-24s %14s %14s%n", "team", "estimate", "reconciled");
    for (Map.Entry<String, BigDecimal> team : result.teamCosts().entrySet()) {
      BigDecimal reconciled = result.teamReconciledCosts().get(team.getKey());
      out.printf(
          "  %-24s %14s %14s%n",
          team.getKey(),
          result.unpricedTeams().contains(team.getKey()) ? "unpriced" : cents(team.getValue()),
          reconciled == null ? "-" : cents(reconciled));
    }
    result
        .unattributedCost()
        .ifPresent(value -> out.printf("  %-24s %14s %14s%n", "(unattributed)", "-", cents(value)));
    out.printf("  %-24s %14s%n", "traffic class", "estimate");
    for (Map.Entry<String, BigDecimal> trafficClass : result.classCosts().entrySet()) {
      out.printf(
          "  %-24s %14s%n",
          trafficClass.getKey(),
          result.unpricedClasses().contains(trafficClass.getKey())
              ? "unpriced"
              : cents(trafficClass.getValue()));
    }
    out.printf("  report: %s%n", result.html());
    result.pdf().ifPresent(pdf -> out.printf("  pdf:    %s%n", pdf));
    if (!result.teamPdfs().isEmpty()) {
      out.printf(
          "  team statements (PDF): %d under %s%n",
          result.teamPdfs().size(),
          result.html().substring(0, result.html().lastIndexOf('/')) + "/teams/");
    }
    out.printf(
        "  xlsx:   %s%n  csv:    %s%n  summary: %s%n",
        result.xlsx(), result.csv(), result.summaryCsv());
    result.notes().forEach(note -> out.printf("  note: %s%n", note));
  }

  static String cents(BigDecimal amount) {
    return Money.cents(amount).toPlainString();
  }
}
