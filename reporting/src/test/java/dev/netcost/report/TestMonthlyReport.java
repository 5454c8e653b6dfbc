package dev.netcost.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** End to end: tables with known values in, every output checked against independent sums. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestMonthlyReport {
  static final YearMonth MONTH = YearMonth.of(2026, 11);
  static final Set<LocalDate> MISSING =
      Set.of(LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 17), LocalDate.of(2026, 11, 18));
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T06:00:00Z"), ZoneOffset.UTC);
  static final Path SQL = Path.of(System.getProperty("netcost.repo.root", "..")).resolve("sql");

  Path store;
  ReportFixture fixture;
  ReportResult result;
  SparkSession spark;

  @BeforeAll
  void runReport() throws IOException {
    store = Files.createTempDirectory("netcost-report-test-");
    spark = TestingSpark.session();
    fixture = new ReportFixture(MONTH, MISSING, false);
    fixture.write(spark, store.toString(), true, false);
    result =
        MonthlyReport.run(
            spark,
            store.toString(),
            MONTH,
            new ReportOptions(CLOCK, Optional.empty(), ReportOptions.Pdf.IF_AVAILABLE));
  }

  @Test
  void totalsEqualTheInputRows() {
    BigDecimal expected = ReportFixture.sum(fixture.dailyRows, row -> true, 10);
    assertThat(result.totalCost()).isEqualByComparingTo(expected);
    assertThat(result.totalCost().scale()).isEqualTo(9);
    assertThat(result.currency()).isEqualTo("USD");
    assertThat(result.totalEgressBytes())
        .isEqualTo(fixture.sumLong(fixture.dailyRows, row -> true, 6));
    assertThat(result.totalIngressBytes())
        .isEqualTo(fixture.sumLong(fixture.dailyRows, row -> true, 7));
    assertThat(result.unpricedBytes())
        .isEqualTo(
            fixture.sumLong(fixture.dailyRows, row -> row.isNullAt(10), 6)
                + fixture.sumLong(fixture.dailyRows, row -> row.isNullAt(10), 7));
    // 27 days of 500,000,000+day*1000 egress and 100,000+day*1000 ingress, all unpriced
    assertThat(result.unpricedBytes()).isEqualTo(27L * 500_100_000L + 2L * 1000L * daySum());
    assertThat(result.teamCosts())
        .containsExactlyEntriesOf(sortedByCost(fixture.teamCosts(fixture.dailyRows)));
    assertThat(result.missingDays())
        .containsExactly(
            LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 17), LocalDate.of(2026, 11, 18));
    assertThat(result.reconciliation()).isEqualTo(ReconciliationStatus.NOT_RECONCILED);
    assertThat(result.notes()).anyMatch(note -> note.contains("no data for 3 day(s)"));
  }

  private long daySum() {
    return fixture.days.stream().mapToLong(LocalDate::getDayOfMonth).sum();
  }

  private static Map<String, BigDecimal> sortedByCost(Map<String, BigDecimal> costs) {
    Map<String, BigDecimal> sorted = new LinkedHashMap<>();
    costs.entrySet().stream()
        .sorted(
            Map.Entry.<String, BigDecimal>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
    return sorted;
  }

  @Test
  void writesEveryOutputUnderReports() {
    String prefix =
        store
            .toUri()
            .toString()
            .replaceAll("/$", "")
            .replace("file:/", "file:///")
            .replace("file:////", "file:///");
    assertThat(result.html()).endsWith("/reports/2026-11/chargeback-2026-11.html");
    assertThat(result.xlsx()).endsWith("/reports/2026-11/chargeback-2026-11.xlsx");
    assertThat(result.csv()).endsWith("/reports/2026-11/chargeback-2026-11.csv");
    assertThat(result.teamsCsv()).endsWith("/reports/2026-11/teams-2026-11.csv");
    assertThat(result.chargebackMonthlyTable())
        .endsWith("/tables/chargeback_monthly/month=2026-11");
    assertThat(result.html()).startsWith("file:");
    assertThat(prefix).startsWith("file:");
    for (String file :
        List.of(
            "chargeback-2026-11.html",
            "chargeback-2026-11.xlsx",
            "chargeback-2026-11.csv",
            "teams-2026-11.csv")) {
      assertThat(store.resolve("reports/2026-11").resolve(file)).isNotEmptyFile();
    }
  }

  @Test
  void chargebackMonthlyHasTheAnalystTypesAndTiesOut() throws SQLException {
    try (Connection duck = duckdb()) {
      Map<String, String> types = new LinkedHashMap<>();
      try (ResultSet rows =
          duck.createStatement()
              .executeQuery(
                  "SELECT name, type, logical_type, converted_type FROM parquet_schema('"
                      + store
                      + "/tables/chargeback_monthly/month=2026-11/*.parquet') WHERE name <> 'spark_schema'")) {
        while (rows.next()) {
          types.put(rows.getString(1), rows.getString(2) + "/" + rows.getString(4));
        }
      }
      assertThat(types.get("cost")).isEqualTo("FIXED_LEN_BYTE_ARRAY/DECIMAL");
      assertThat(types.get("reconciled_cost")).isEqualTo("FIXED_LEN_BYTE_ARRAY/DECIMAL");
      assertThat(types.get("egress_bytes")).startsWith("INT64");
      assertThat(types.values()).noneMatch(type -> type.startsWith("INT96"));
      assertThat(types.keySet())
          .containsExactly(
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
      try (ResultSet rows =
          duck.createStatement()
              .executeQuery(
                  "SELECT typeof(SUM(cost)), SUM(cost), SUM(egress_bytes), COUNT(*), SUM(unpriced_bytes), MAX(days_with_traffic)"
                      + " FROM netcost.chargeback_monthly WHERE month = '2026-11'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("DECIMAL(38,9)");
        assertThat(rows.getBigDecimal(2)).isEqualByComparingTo(result.totalCost());
        assertThat(rows.getLong(3)).isEqualTo(result.totalEgressBytes());
        assertThat(rows.getLong(4)).isEqualTo(ReportFixture.PROFILES.size());
        assertThat(rows.getLong(5)).isEqualTo(result.unpricedBytes());
        assertThat(rows.getInt(6)).isEqualTo(27);
      }
      // the unknown-class line was never priced: its cost is NULL, not zero
      try (ResultSet rows =
          duck.createStatement()
              .executeQuery(
                  "SELECT cost FROM netcost.chargeback_monthly WHERE traffic_class = 'unknown'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getBigDecimal(1)).isNull();
      }
    }
  }

  @Test
  void ddlColumnsMatchTheParquetFiles() throws Exception {
    try (Connection duck = duckdb()) {
      // chargeback_monthly is this module's table; the nightly tables' DDL is tested in batch-job
      for (String table : List.of("chargeback_monthly")) {
        List<String> parquet = new ArrayList<>();
        try (ResultSet rows = duck.createStatement().executeQuery("DESCRIBE netcost." + table)) {
          while (rows.next()) {
            parquet.add(rows.getString(1) + " " + duckType(rows.getString(2)));
          }
        }
        String partition = table.equals("chargeback_monthly") ? "month" : "date";
        parquet.remove(partition + " string");
        assertThat(SqlFiles.athenaColumns(SQL.resolve("athena/" + table + ".sql")))
            .as(table)
            .isEqualTo(parquet);
        assertThat(SqlFiles.bigQueryColumns(SQL.resolve("bigquery/" + table + ".sql")))
            .as(table)
            .isEqualTo(parquet.stream().map(SqlFiles::athenaToBigQuery).toList());
        assertThat(Files.readString(SQL.resolve("athena/" + table + ".sql")))
            .contains("PARTITIONED BY (`" + partition + "` string)")
            .contains("STORED AS PARQUET")
            .contains("'projection." + partition + ".type' = 'date'");
        assertThat(Files.readString(SQL.resolve("bigquery/" + table + ".sql")))
            .contains("WITH PARTITION COLUMNS")
            .contains("hive_partition_uri_prefix")
            .doesNotContain("MAP<");
      }
    }
  }

  private static String duckType(String type) {
    return switch (type) {
      case "VARCHAR" -> "string";
      case "BIGINT" -> "bigint";
      case "INTEGER" -> "int";
      case "DECIMAL(38,9)" -> "decimal(38,9)";
      case "TIMESTAMP WITH TIME ZONE", "TIMESTAMP" -> "timestamp";
      default -> throw new AssertionError("unexpected Parquet column type " + type);
    };
  }

  @Test
  void exampleQueriesReturnTheReportTotals() throws Exception {
    for (String dialect : List.of("athena", "bigquery")) {
      try (Connection duck = duckdb()) {
        List<List<Object>> top =
            query(
                duck,
                SqlFiles.forDuckDb(
                    dialect, SQL.resolve("queries/" + dialect + "/top_egress_by_team.sql")));
        Map<String, Long> egressByTeam = new LinkedHashMap<>();
        BigDecimal cost = BigDecimal.ZERO;
        for (List<Object> row : top) {
          egressByTeam.put((String) row.get(0), ((Number) row.get(1)).longValue());
          cost = cost.add((BigDecimal) row.get(3));
        }
        assertThat(cost).as(dialect).isEqualByComparingTo(result.totalCost());
        assertThat(egressByTeam.keySet())
            .as(dialect)
            .containsExactly("search", "payments", "checkout", "__unassigned__");
        assertThat(egressByTeam.get("search"))
            .isEqualTo(
                fixture.sumLong(fixture.dailyRows, row -> row.getString(1).equals("search"), 6));

        List<List<Object>> crossZone =
            query(
                duck,
                SqlFiles.forDuckDb(
                    dialect,
                    SQL.resolve("queries/" + dialect + "/cross_zone_bytes_by_workload.sql")));
        assertThat(crossZone).hasSize(2);
        assertThat(crossZone.get(0).subList(0, 4))
            .containsExactly("search", "search", "StatefulSet", "indexer");
        assertThat(((Number) crossZone.get(0).get(4)).longValue())
            .isEqualTo(
                fixture.sumLong(
                        fixture.dailyRows,
                        row ->
                            row.getString(5).equals("cross_zone")
                                && row.getString(1).equals("search"),
                        6)
                    + fixture.sumLong(
                        fixture.dailyRows,
                        row ->
                            row.getString(5).equals("cross_zone")
                                && row.getString(1).equals("search"),
                        7));
        // 27 days * (300,000,000,000 + 250,000,000,000) + 2 * 1000 * sum of days
        assertThat(((Number) crossZone.get(0).get(4)).longValue())
            .isEqualTo(27L * 550_000_000_000L + 2000L * daySum());

        List<List<Object>> namespaces =
            query(
                duck,
                SqlFiles.forDuckDb(
                    dialect,
                    SQL.resolve("queries/" + dialect + "/month_to_date_cost_by_namespace.sql")));
        BigDecimal namespaceTotal =
            namespaces.stream()
                .map(row -> (BigDecimal) row.get(2))
                .filter(value -> value != null)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(namespaceTotal).as(dialect).isEqualByComparingTo(result.totalCost());
        assertThat(namespaces.get(0).get(1)).isEqualTo("payments");
        assertThat(((Number) namespaces.get(0).get(4)).longValue()).isEqualTo(27);
      }
    }
  }

  @Test
  void csvIsRfc4180AndTiesOut() throws IOException {
    byte[] bytes = Files.readAllBytes(store.resolve("reports/2026-11/chargeback-2026-11.csv"));
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(bytes[0]).isEqualTo((byte) 'm'); // no byte order mark
    assertThat(text).endsWith("\r\n");
    assertThat(text.replace("\r\n", "")).doesNotContain("\n");
    List<String> lines = Arrays.asList(text.split("\r\n"));
    assertThat(Rfc4180.parse(text).get(0)).isEqualTo(CsvExport.LINE_HEADER);
    assertThat(lines).hasSize(1 + ReportFixture.PROFILES.size());
    BigDecimal total = BigDecimal.ZERO;
    int unpricedLines = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",", -1);
      assertThat(fields).hasSize(CsvExport.LINE_HEADER.size());
      assertThat(fields[0]).isEqualTo("2026-11");
      if (fields[6].equals("unknown")) {
        // unpriced: an empty cost and the bytes, never 0
        assertThat(fields[11]).isEmpty();
        assertThat(fields[12]).isEmpty();
        assertThat(fields[13]).isEmpty();
        assertThat(Long.parseLong(fields[10]))
            .isEqualTo(Long.parseLong(fields[8]) + Long.parseLong(fields[9]))
            .isEqualTo(27L * 500_100_000L + 2L * 1000L * daySum());
        unpricedLines++;
      } else {
        total = total.add(new BigDecimal(fields[13]));
        assertThat(fields[10]).isEqualTo("0");
      }
      // not reconciled: no reconciled cost at all
      assertThat(fields[14]).isEmpty();
    }
    assertThat(unpricedLines).isEqualTo(1);
    assertThat(total).isEqualByComparingTo(result.totalCost());

    String teams = Files.readString(store.resolve("reports/2026-11/teams-2026-11.csv"));
    // Jackson quotes fields longer than 24 characters (valid RFC 4180): read it as CSV
    assertThat(Rfc4180.parse(teams).get(0)).isEqualTo(CsvExport.TEAM_HEADER);
    BigDecimal teamTotal = BigDecimal.ZERO;
    for (String line : teams.split("\r\n")) {
      if (!line.startsWith("month,")) {
        teamTotal = teamTotal.add(new BigDecimal(line.split(",", -1)[6]));
        assertThat(line.split(",", -1)[7]).isEmpty();
        assertThat(line.split(",", -1)[8]).isEmpty();
      }
    }
    assertThat(teamTotal).isEqualByComparingTo(result.totalCost());
    assertThat(teams).doesNotContain("__unattributed__");
    List<String> summary =
        Arrays.asList(
            Files.readString(store.resolve("reports/2026-11/summary-2026-11.csv")).split("\r\n"));
    assertThat(Rfc4180.parse(summary.get(0) + "\r\n").get(0)).isEqualTo(CsvExport.SUMMARY_HEADER);
    assertThat(summary).hasSize(2);
    List<String> fields = Arrays.asList(summary.get(1).split(",", -1));
    assertThat(fields.subList(0, 3)).containsExactly("2026-11", "USD", "NOT_RECONCILED");
    assertThat(fields.get(3)).isEmpty(); // billed
    assertThat(new BigDecimal(fields.get(4)))
        .isEqualByComparingTo(fixture.totalCost()); // estimated
    assertThat(fields.subList(5, 8)).containsExactly("", "", "");
    assertThat(Long.parseLong(fields.get(10))).isEqualTo(result.unpricedBytes());
    assertThat(fields.subList(11, 13)).containsExactly("27", "0");
    // legacy had cost only in October: not a team of November
    assertThat(teams).doesNotContain("legacy");
  }

  @Test
  void xlsxHasTypedCellsFrozenHeadersAndTotalsThatTieOut() throws IOException {
    try (Workbook book =
        WorkbookFactory.create(store.resolve("reports/2026-11/chargeback-2026-11.xlsx").toFile())) {
      List<String> names = new ArrayList<>();
      book.sheetIterator().forEachRemaining(sheet -> names.add(sheet.getSheetName()));
      assertThat(names)
          .containsExactly(
              "Summary", "Traffic classes", "payments", "checkout", "search", "__unassigned__");
      Sheet summary = book.getSheet("Summary");
      assertThat(summary.getPaneInformation().isFreezePane()).isTrue();
      assertThat(summary.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 12);
      // the month block: not reconciled, so billed, reconciled, unattributed and variance are
      // empty cells, never 0
      assertThat(summary.getRow(3).getCell(0).getStringCellValue())
          .isEqualTo("Billed network transfer");
      assertThat(summary.getRow(3).getCell(1)).isNull();
      assertThat(summary.getRow(4).getCell(1).getNumericCellValue())
          .isEqualTo(result.totalCost().doubleValue());
      for (int row = 5; row <= 7; row++) {
        assertThat(summary.getRow(row).getCell(1)).as("row " + row).isNull();
      }
      assertThat(summary.getRow(12).getCell(0).getStringCellValue()).isEqualTo("payments");
      assertThat(summary.getRow(12).getCell(1)).isNull();
      Cell firstCost = summary.getRow(12).getCell(2);
      assertThat(firstCost.getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(firstCost.getCellStyle().getDataFormatString())
          .isEqualTo("\"$\"#,##0.00;-\"$\"#,##0.00");
      // not reconciled: the share is of the headline, the estimate (month block row 5)
      assertThat(summary.getRow(12).getCell(4).getCellFormula())
          .isEqualTo("IF($B$5=0,\"\",C13/$B$5)");
      assertThat(summary.getRow(12).getCell(4).getNumericCellValue())
          .isCloseTo(
              result
                  .teamCosts()
                  .get("payments")
                  .divide(result.totalCost(), java.math.MathContext.DECIMAL64)
                  .doubleValue(),
              org.assertj.core.api.Assertions.within(1e-12));
      Cell total = summary.getRow(16).getCell(2);
      assertThat(summary.getRow(16).getCell(0).getStringCellValue()).isEqualTo("Total");
      assertThat(total.getCellFormula()).isEqualTo("SUM(C13:C16)");
      assertThat(BigDecimal.valueOf(total.getNumericCellValue()).setScale(2, RoundingMode.HALF_UP))
          .isEqualByComparingTo(Formats.cents(result.totalCost()));
      // the unknown class is unpriced: an empty cost cell and its bytes
      Sheet classes = book.getSheet("Traffic classes");
      org.apache.poi.ss.usermodel.Row unknown = null;
      for (int row = 4; row <= classes.getLastRowNum(); row++) {
        if (classes.getRow(row).getCell(0).getStringCellValue().equals("unknown")) {
          unknown = classes.getRow(row);
        }
      }
      assertThat(unknown).isNotNull();
      assertThat(unknown.getCell(1)).isNull();
      assertThat((long) unknown.getCell(5).getNumericCellValue())
          .isEqualTo(27L * 500_100_000L + 2L * 1000L * daySum());
      for (String team : List.of("search", "payments", "checkout", "__unassigned__")) {
        Sheet sheet = book.getSheet(team);
        assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
        int last = sheet.getLastRowNum();
        assertThat(sheet.getRow(last).getCell(0).getStringCellValue()).isEqualTo("Total");
        assertThat(
                BigDecimal.valueOf(sheet.getRow(last).getCell(10).getNumericCellValue())
                    .setScale(2, RoundingMode.HALF_UP))
            .isEqualByComparingTo(Formats.cents(result.teamCosts().get(team)));
      }
    }
  }

  @Test
  void xlsxOpensInLibreOfficeWithTheReportTotals(@TempDir Path work) throws Exception {
    Path soffice = ExternalTools.require("soffice", "libreoffice-calc");
    Path xlsx = work.resolve("chargeback.xlsx");
    Files.copy(store.resolve("reports/2026-11/chargeback-2026-11.xlsx"), xlsx);
    // one CSV per sheet (token 12 = -1), cells as shown (token 9 = true), UTF-8 (76)
    ExternalTools.run(
        work,
        List.of(
            soffice.toString(),
            "-env:UserInstallation=" + work.resolve("profile").toUri(),
            "--headless",
            "--norestore",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
            "--outdir",
            work.resolve("out").toString(),
            xlsx.toString()));
    Path summary = work.resolve("out/chargeback-Summary.csv");
    assertThat(summary).exists();
    List<String> rows = Files.readAllLines(summary, StandardCharsets.UTF_8);
    String totalRow =
        rows.stream().filter(row -> row.startsWith("Total,")).findFirst().orElseThrow();
    assertThat(CsvLine.parse(totalRow).get(2)).isEqualTo(Formats.money(result.totalCost(), "USD"));
    for (Map.Entry<String, BigDecimal> team : result.teamCosts().entrySet()) {
      String teamRow =
          rows.stream()
              .filter(row -> row.startsWith(team.getKey() + ","))
              .findFirst()
              .orElseThrow();
      assertThat(CsvLine.parse(teamRow).get(2))
          .as(team.getKey())
          .isEqualTo(Formats.money(team.getValue(), "USD"));
      List<String> sheet =
          Files.readAllLines(
              work.resolve("out/chargeback-" + team.getKey() + ".csv"), StandardCharsets.UTF_8);
      String sheetTotal =
          sheet.stream().filter(row -> row.startsWith("Total,")).findFirst().orElseThrow();
      assertThat(CsvLine.parse(sheetTotal).get(10))
          .as(team.getKey())
          .isEqualTo(Formats.money(team.getValue(), "USD"));
    }
  }

  @Test
  void htmlNamesTheMissingDaysOnItsFirstPageAndDrawsCharts() throws IOException {
    String html = Files.readString(store.resolve("reports/2026-11/chargeback-2026-11.html"));
    String firstPage =
        html.substring(html.indexOf("id=\"summary\""), html.indexOf("id=\"breakdown\""));
    assertThat(firstPage)
        .contains("Missing days:")
        .contains("Nov 4, Nov 17\u201318")
        .contains("27 of 30 days");
    assertThat(firstPage).contains(Formats.money(result.totalCost(), "USD"));
    assertThat(firstPage).contains("<svg").contains("Daily estimated network cost by team");
    assertThat(html)
        .contains("Not reconciled")
        .contains(ReportFixture.PRICE_SHEET)
        .contains("(unpriced)");
    assertThat(html).contains("198.51.100.7");
    assertThat(html.split("class=\"page team-page\"", -1)).hasSize(1 + 4);
  }

  @Test
  void eachTeamGetsItsOwnStatement() throws IOException {
    assertThat(result.teamStatements().keySet())
        .containsExactly("payments", "checkout", "search", "__unassigned__");
    assertThat(result.teamStatements().get("__unassigned__"))
        .endsWith("/reports/2026-11/teams/__unassigned__-2026-11.html");
    String payments =
        Files.readString(store.resolve("reports/2026-11/teams/payments-2026-11.html"));
    assertThat(payments)
        .contains("<title>payments \u00b7 Network cost chargeback")
        .contains("Team statement")
        .contains(Formats.money(result.teamCosts().get("payments"), "USD"))
        .contains("Missing days:")
        .doesNotContain("Cost per team")
        .doesNotContain("Reconciliation with the cloud bill")
        .doesNotContain("checkout");
    assertThat(payments.split("class=\"page team-page\"", -1)).hasSize(2);
    assertThat(MonthlyReport.fileName("../etc/passwd")).isEqualTo("~2E.~2Fetc~2Fpasswd");
    assertThat(MonthlyReport.fileName("a b/c")).isEqualTo("a~20b~2Fc");
  }

  @Test
  void pdfHasTheSummaryPagesAndOnePagePerTeam(@TempDir Path work) throws Exception {
    ExternalTools.require("chromium", "chromium");
    Path pdfinfo = ExternalTools.require("pdfinfo", "poppler-utils");
    Path pdftotext = ExternalTools.require("pdftotext", "poppler-utils");
    assertThat(result.pdf()).isPresent();
    Path pdf = store.resolve("reports/2026-11/chargeback-2026-11.pdf");
    String info = ExternalTools.run(work, List.of(pdfinfo.toString(), pdf.toString()));
    assertThat(info).containsPattern("Pages:\\s+7\\n").contains("(A4)");
    String first =
        ExternalTools.run(
            work,
            List.of(pdftotext.toString(), "-f", "1", "-l", "1", "-layout", pdf.toString(), "-"));
    assertThat(first)
        .contains("Missing days")
        .contains("Nov 4, Nov 17")
        .contains(Formats.money(result.totalCost(), "USD"));
    List<String> teams = List.of("payments", "checkout", "search", "Unassigned");
    for (int page = 4; page <= 7; page++) {
      String text =
          ExternalTools.run(
              work,
              List.of(pdftotext.toString(), "-f", "" + page, "-l", "" + page, pdf.toString(), "-"));
      assertThat(text).as("page " + page).contains("Team statement").contains(teams.get(page - 4));
    }
    // each team's statement, on its own, as a one-page PDF
    assertThat(result.teamPdfs().keySet())
        .containsExactly("payments", "checkout", "search", "__unassigned__");
    for (Map.Entry<String, String> team : result.teamPdfs().entrySet()) {
      Path file = store.resolve("reports/2026-11/teams/" + team.getKey() + "-2026-11.pdf");
      assertThat(team.getValue())
          .endsWith("/reports/2026-11/teams/" + team.getKey() + "-2026-11.pdf");
      assertThat(ExternalTools.run(work, List.of(pdfinfo.toString(), file.toString())))
          .containsPattern("Pages:\\s+1\\n");
      assertThat(ExternalTools.run(work, List.of(pdftotext.toString(), file.toString(), "-")))
          .contains("Team statement")
          .contains(Formats.money(result.teamCosts().get(team.getKey()), "USD"))
          .doesNotContain("Cost per team");
    }
    Files.createDirectories(Path.of("target"));
    Files.copy(
        pdf,
        Path.of("target/report-sample.pdf"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void htmlRendersInChromium(@TempDir Path work) throws Exception {
    Path executable = ExternalTools.require("chromium", "chromium");
    Path html = work.resolve("report.html");
    Files.copy(store.resolve("reports/2026-11/chargeback-2026-11.html"), html);
    Path png = Path.of("target/report-screenshot.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    new Chromium(executable).screenshot(html, png, 1000, 1400);
    byte[] header = Arrays.copyOf(Files.readAllBytes(png), 8);
    assertThat(header).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
    assertThat(Files.size(png)).isGreaterThan(50_000);
  }

  @Test
  void rerunningTheMonthGivesTheSameOutputs() throws IOException {
    Path reports = store.resolve("reports/2026-11");
    byte[] html = Files.readAllBytes(reports.resolve("chargeback-2026-11.html"));
    byte[] csv = Files.readAllBytes(reports.resolve("chargeback-2026-11.csv"));
    ReportResult again =
        MonthlyReport.run(
            spark,
            store.toString(),
            MONTH,
            new ReportOptions(CLOCK, Optional.empty(), ReportOptions.Pdf.SKIP));
    assertThat(again.totalCost()).isEqualByComparingTo(result.totalCost());
    assertThat(again.teamCosts()).isEqualTo(result.teamCosts());
    assertThat(Files.readAllBytes(reports.resolve("chargeback-2026-11.html"))).isEqualTo(html);
    assertThat(Files.readAllBytes(reports.resolve("chargeback-2026-11.csv"))).isEqualTo(csv);
    try (Stream<Path> files =
        Files.list(store.resolve("tables/chargeback_monthly/month=2026-11"))) {
      assertThat(
              files
                  .map(path -> path.getFileName().toString())
                  .filter(name -> name.endsWith(".parquet")))
          .hasSize(1);
    }
    // report files are written without Hadoop checksum side files
    try (Stream<Path> files = Files.list(reports)) {
      assertThat(
              files
                  .map(path -> path.getFileName().toString())
                  .filter(name -> name.endsWith(".crc")))
          .isEmpty();
    }
  }

  @org.junit.jupiter.api.AfterAll
  void deleteStore() {
    Chromium.deleteQuietly(store);
  }

  private Connection duckdb() throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    String views;
    try {
      views =
          Files.readString(SQL.resolve("duckdb/views.sql")).replace("{{store}}", store.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (Statement statement = connection.createStatement()) {
      for (String sql : SqlFiles.statements(views)) {
        // the fixture writes the tables the report reads; DuckDB cannot create a view over a
        // table that has no files, so the views of the others (run_log, signals …) are left out
        java.util.regex.Matcher view =
            java.util.regex.Pattern.compile("VIEW netcost\\.(\\w+) AS").matcher(sql);
        if (view.find() && !Files.isDirectory(store.resolve("tables").resolve(view.group(1)))) {
          continue;
        }
        statement.execute(sql);
      }
    }
    return connection;
  }

  private static List<List<Object>> query(Connection connection, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      int columns = resultSet.getMetaData().getColumnCount();
      while (resultSet.next()) {
        List<Object> row = new ArrayList<>();
        for (int column = 1; column <= columns; column++) {
          row.add(resultSet.getObject(column));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static Stream<Row> rows(List<Row> rows) {
    return rows.stream();
  }
}
