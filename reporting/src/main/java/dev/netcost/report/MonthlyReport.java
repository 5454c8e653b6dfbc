package dev.netcost.report;

import static java.util.Objects.requireNonNull;

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
 * reconciliation_daily when present) from the store, writes
 *
 * <ul>
 *   <li>{@code tables/chargeback_monthly/month=YYYY-MM/} (Parquet, replaced on a re-run),
 *   <li>{@code reports/YYYY-MM/chargeback-YYYY-MM.html} and {@code .pdf} (one page per team),
 *   <li>{@code reports/YYYY-MM/chargeback-YYYY-MM.xlsx}, {@code chargeback-YYYY-MM.csv} (one row
 *       per chargeback_monthly line) and {@code teams-YYYY-MM.csv} (one row per team).
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
    StoreFiles store = new StoreFiles(storeRoot, spark.sparkContext().hadoopConfiguration());
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
      notes.add(month + " is not reconciled against the bill");
    }

    String prefix = "reports/" + month + "/";
    String name = "chargeback-" + month;
    String html = new HtmlReport(data, now).render();
    String htmlUri = store.write(prefix + name + ".html", html.getBytes(StandardCharsets.UTF_8));
    String xlsxUri = store.write(prefix + name + ".xlsx", new XlsxExport(data).write());
    String csvUri = store.write(prefix + name + ".csv", CsvExport.lines(data));
    String teamsUri = store.write(prefix + "teams-" + month + ".csv", CsvExport.teams(data));
    Map<String, String> teamStatements = new LinkedHashMap<>();
    for (Map.Entry<String, String> team : new HtmlReport(data, now).renderTeams().entrySet()) {
      teamStatements.put(
          team.getKey(),
          store.write(
              prefix + "teams/" + fileName(team.getKey()) + "-" + month + ".html",
              team.getValue().getBytes(StandardCharsets.UTF_8)));
    }

    Optional<String> pdfUri = Optional.empty();
    if (chromium.isPresent()) {
      pdfUri = Optional.of(store.write(prefix + name + ".pdf", pdf(chromium.get(), html)));
    } else if (options.pdf() == ReportOptions.Pdf.IF_AVAILABLE) {
      notes.add(
          "PDF not rendered: no Chromium found (install Debian's chromium or set NETCOST_CHROMIUM)");
    }

    MonthTotals totals = new MonthTotals(data);
    MonthTotals.Sum total = totals.total();
    Map<String, BigDecimal> teamCosts = new LinkedHashMap<>();
    for (MonthTotals.Sum team : totals.teams()) {
      teamCosts.put(team.key(), team.cost());
    }
    return new ReportResult(
        month,
        store.uri("tables/" + MonthReader.CHARGEBACK_MONTHLY + "/month=" + month),
        htmlUri,
        pdfUri,
        xlsxUri,
        csvUri,
        teamsUri,
        teamStatements,
        data.currency(),
        total.cost(),
        total.egressBytes(),
        total.ingressBytes(),
        total.unpricedBytes(),
        teamCosts,
        data.missingDays(),
        data.reconciliation().status(),
        notes);
  }

  /** Team names are Kubernetes label values, but a file name must never leave its folder. */
  static String fileName(String team) {
    String safe = team.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
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
