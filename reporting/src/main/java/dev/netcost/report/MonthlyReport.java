package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import dev.netcost.spark.StoreFiles;
import dev.netcost.spark.TablePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * {@code netcost report --month YYYY-MM}: reads the month's chargeback_daily (and network_flows,
 * reconciliation_keys_daily and reconciliation_allocations_daily when present) from the store,
 * writes
 *
 * <ul>
 *   <li>{@code tables/chargeback_monthly/month=YYYY-MM/} (Parquet, replaced on a re-run),
 *   <li>{@code reports/YYYY-MM/chargeback-YYYY-MM.html} and {@code .pdf} (one page per team),
 *   <li>{@code reports/YYYY-MM/teams/<team>-YYYY-MM.html} and {@code .pdf}: each team's statement,
 *   <li>{@code reports/YYYY-MM/chargeback-YYYY-MM.xlsx}, {@code chargeback-YYYY-MM.csv} (one row
 *       per chargeback_monthly line), {@code teams-YYYY-MM.csv} (one row per team) and {@code
 *       summary-YYYY-MM.csv} (the month's bill, estimate, chargeback, unattributed, variance).
 * </ul>
 *
 * <p>Re-running a month rewrites the same files with the same numbers. The store root is any URI
 * Hadoop's FileSystem understands with the SparkSession's configuration (a local path, file://,
 * s3a://, gs://, abfss://).
 */
public final class MonthlyReport {
  private MonthlyReport() {}

  public static ReportResult run(SparkSession spark, String storeRoot, YearMonth month) {
    return run(spark, storeRoot, month, ReportOptions.defaults());
  }

  public static ReportResult run(
      SparkSession spark, String storeRoot, YearMonth month, ReportOptions options) {
    requireNonNull(spark, "spark is null");
    requireNonNull(storeRoot, "storeRoot is null");
    requireNonNull(month, "month is null");
    requireNonNull(options, "options is null");
    // resolve the PDF printer first: a bad setting fails before any Spark work
    Optional<Chromium> chromium =
        options.pdf() == ReportOptions.Pdf.SKIP
            ? Optional.empty()
            : Chromium.find(options.chromium());
    if (chromium.isEmpty() && options.pdf() == ReportOptions.Pdf.REQUIRED) {
      throw new IllegalStateException(
          "Cannot render the PDF: no Chromium found (install Debian's chromium, or set"
              + " NETCOST_CHROMIUM)");
    }
    StoreFiles store = StoreFiles.open(spark, storeRoot);
    Instant now = options.clock().instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

    MonthData data = new MonthReader(spark, store).collect(month, today);
    List<String> notes = new ArrayList<>();
    if (!data.missingDays().isEmpty()) {
      notes.add(
          "chargeback_daily has no data for "
              + data.missingDays().size()
              + " day(s) of "
              + month
              + ": "
              + data.missingDays());
    }
    if (data.flows().presentDays().isEmpty()) {
      notes.add(
          "No network_flows partitions for "
              + month
              + ": no internet destinations or price sheets");
    }
    if (data.reconciliation().status() == ReconciliationStatus.NOT_RECONCILED) {
      notes.add(month + " is not reconciled against the bill: amounts are estimates (showback)");
    } else if (data.reconciliation().status() == ReconciliationStatus.PARTIAL) {
      notes.add(
          month
              + " is partially reconciled ("
              + data.reconciliation().reconciledDays().size()
              + " of "
              + data.presentDays().size()
              + " days): the report leads with the estimate");
    } else if (data.reconciliation().status() == ReconciliationStatus.MISMATCH) {
      notes.add(month + " does not tie out: reconciled + unattributed differs from the bill");
    }

    String prefix = "reports/" + month + "/";
    String name = "chargeback-" + month;
    HtmlReport report = new HtmlReport(data, now);
    String html = report.render();
    String htmlUri = store.write(prefix + name + ".html", html.getBytes(StandardCharsets.UTF_8));
    String xlsxUri = store.write(prefix + name + ".xlsx", new XlsxExport(data).write());
    String csvUri = store.write(prefix + name + ".csv", CsvExport.lines(data));
    String teamsUri = store.write(prefix + "teams-" + month + ".csv", CsvExport.teams(data));
    String summaryUri = store.write(prefix + "summary-" + month + ".csv", CsvExport.summary(data));
    Map<String, String> teamHtml = report.renderTeams();
    Map<String, String> teamStatements = new LinkedHashMap<>();
    for (Map.Entry<String, String> team : teamHtml.entrySet()) {
      teamStatements.put(
          team.getKey(),
          store.write(
              prefix + "teams/" + fileName(team.getKey()) + "-" + month + ".html",
              team.getValue().getBytes(StandardCharsets.UTF_8)));
    }

    Optional<String> pdfUri = Optional.empty();
    Map<String, String> teamPdfs = new LinkedHashMap<>();
    if (chromium.isPresent()) {
      pdfUri = Optional.of(store.write(prefix + name + ".pdf", pdf(chromium.get(), html)));
      for (Map.Entry<String, String> team : teamHtml.entrySet()) {
        teamPdfs.put(
            team.getKey(),
            store.write(
                prefix + "teams/" + fileName(team.getKey()) + "-" + month + ".pdf",
                pdf(chromium.get(), team.getValue())));
      }
    } else if (options.pdf() == ReportOptions.Pdf.IF_AVAILABLE) {
      notes.add(NO_PDF);
    }

    MonthTotals totals = new MonthTotals(data);
    MonthTotals.Sum total = totals.total();
    MonthSummary summary = MonthSummary.of(data);
    Map<String, BigDecimal> teamCosts = new LinkedHashMap<>();
    Map<String, BigDecimal> teamReconciled = new LinkedHashMap<>();
    java.util.Set<String> unpricedTeams = new java.util.TreeSet<>();
    for (MonthTotals.Sum team : totals.teams()) {
      teamCosts.put(team.key(), team.cost());
      if (!team.priced()) {
        unpricedTeams.add(team.key());
      }
      team.reconciledCost().ifPresent(value -> teamReconciled.put(team.key(), value));
    }
    Map<String, BigDecimal> classCosts = new LinkedHashMap<>();
    java.util.Set<String> unpricedClasses = new java.util.TreeSet<>();
    for (MonthTotals.Sum trafficClass : totals.trafficClasses()) {
      classCosts.put(trafficClass.key(), trafficClass.cost());
      if (!trafficClass.priced()) {
        unpricedClasses.add(trafficClass.key());
      }
    }
    return new ReportResult(
        month,
        store.uri(TablePaths.partition(MonthReader.CHARGEBACK_MONTHLY, month)),
        htmlUri,
        pdfUri,
        xlsxUri,
        csvUri,
        teamsUri,
        summaryUri,
        teamStatements,
        teamPdfs,
        data.currency(),
        total.cost(),
        summary.billed(),
        summary.reconciled(),
        summary.unattributed(),
        total.egressBytes(),
        total.ingressBytes(),
        total.unpricedBytes(),
        teamCosts,
        teamReconciled,
        unpricedTeams,
        classCosts,
        unpricedClasses,
        data.missingDays(),
        data.reconciliation().status(),
        notes);
  }

  /** The note when no Chromium is found and the PDF is optional. */
  static final String NO_PDF =
      "PDF not rendered: no Chromium found (install Debian's chromium, or set NETCOST_CHROMIUM);"
          + " the HTML report, team statements, XLSX and CSVs are written";

  /**
   * The file name of a team's statement: the team name with every character other than ASCII
   * letters, digits, {@code .}, {@code _} and {@code -} written as {@code ~} and two upper-case hex
   * digits per UTF-8 byte ({@code a/b} → {@code a~2Fb}, {@code ~} → {@code ~7E}), and a leading
   * {@code .} as {@code ~2E}; the empty name is {@code ~}. The mapping is one-to-one, so two teams
   * never share a file, and the name never leaves its folder.
   */
  static String fileName(String team) {
    if (team.isEmpty()) {
      return "~";
    }
    StringBuilder name = new StringBuilder();
    byte[] bytes = team.getBytes(StandardCharsets.UTF_8);
    for (int index = 0; index < bytes.length; index++) {
      int b = bytes[index] & 0xff;
      boolean plain =
          (b >= 'A' && b <= 'Z')
              || (b >= 'a' && b <= 'z')
              || (b >= '0' && b <= '9')
              || b == '_'
              || b == '-'
              || (b == '.' && index > 0);
      if (plain) {
        name.append((char) b);
      } else {
        name.append('~').append(String.format(java.util.Locale.ROOT, "%02X", b));
      }
    }
    return name.toString();
  }

  private static byte[] pdf(Chromium chromium, String html) {
    Path directory = null;
    try {
      directory = Files.createTempDirectory("netcost-report-");
      Path htmlFile = directory.resolve("report.html");
      Path pdfFile = directory.resolve("report.pdf");
      Files.writeString(htmlFile, html, StandardCharsets.UTF_8);
      chromium.printToPdf(htmlFile, pdfFile);
      return Files.readAllBytes(pdfFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render the PDF", e);
    } finally {
      Chromium.deleteQuietly(directory);
    }
  }
}
