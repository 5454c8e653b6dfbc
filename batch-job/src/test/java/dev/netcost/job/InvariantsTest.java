package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
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
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One truth for money. Runs {@code netcost demo} in-process on a short demo (its console captured),
 * then checks that the console summary, the report's HTML text, the PDF's text (pdftotext), the
 * workbook as LibreOffice shows it, the CSVs, and DuckDB running the shipped example queries on the
 * tables all state the same total billed, reconciled per team, unattributed, estimate per team and
 * estimate per traffic class, to the cent, and that the month ties out.
 *
 * <p>The reference is DuckDB over the Parquet tables, through the queries in sql/queries (what an
 * analyst runs) and plain sums over the tables; the outputs are parsed from their text, never from
 * the report's own objects.
 */
class InvariantsTest {
  private static final Path REPO = Path.of(System.getProperty("netcost.repo.root", ".."));
  private static final Path SQL = REPO.resolve("sql");
  private static final String MONTH = "2026-11";
  private static final int DAYS = 1;
  private static final String UNATTRIBUTED = "__unattributed__";
  private static final Map<String, String> CLASS_LABELS =
      Map.of(
          "same_zone", "Same zone",
          "cross_zone", "Cross zone",
          "cross_region", "Cross region",
          "internet", "Internet",
          "private", "Private / allow-listed",
          "unknown", "Unknown");
  private static final String MONEY = "(-?\\$[0-9,]+\\.[0-9]{2})";

  /** What the tables say, to the cent (half-up): the reference every output must equal. */
  record Truth(
      BigDecimal billed,
      BigDecimal reconciled,
      BigDecimal unattributed,
      BigDecimal estimated,
      java.util.Set<String> teams,
      java.util.Set<String> classes,
      Map<String, BigDecimal> teamEstimates,
      Map<String, BigDecimal> teamReconciled,
      Map<String, BigDecimal> classEstimates) {
    /**
     * The estimate as the report shows it: "unpriced" for a team none of whose traffic had a price.
     */
    String estimate(String team, java.util.function.Function<BigDecimal, String> format) {
      return teamEstimates.containsKey(team) ? format.apply(teamEstimates.get(team)) : "unpriced";
    }

    /** The same for a traffic class (unknown is never priced). */
    String classEstimate(
        String trafficClass, java.util.function.Function<BigDecimal, String> format) {
      return classEstimates.containsKey(trafficClass)
          ? format.apply(classEstimates.get(trafficClass))
          : "unpriced";
    }
  }

  @Test
  @Timeout(value = 40, unit = TimeUnit.MINUTES) // a whole demo, report and PDFs on shared cores
  void theConsoleReportPdfWorkbookCsvAndSqlStateTheSameMoney(@TempDir Path work) throws Exception {
    Path store = work.resolve("demo");
    String console = runDemo(store);
    Truth truth = truth(store);

    // the month ties out in the tables themselves
    assertThat(truth.reconciled().add(truth.unattributed())).isEqualTo(truth.billed());
    assertThat(truth.billed().signum()).isPositive();
    assertThat(truth.teamReconciled()).isNotEmpty().doesNotContainKey(UNATTRIBUTED);
    assertThat(sum(truth.teamReconciled())).isEqualByComparingTo(truth.reconciled());

    // every output is checked, and every disagreement reported, before the test fails
    Path reports = store.resolve("reports/" + MONTH);
    List<String> failures = new ArrayList<>();
    check(failures, "console", () -> checkConsole(console, truth));
    check(
        failures,
        "HTML",
        () -> checkHtml(Files.readString(reports.resolve("chargeback-" + MONTH + ".html")), truth));
    check(failures, "CSV", () -> checkCsv(reports, truth));
    check(failures, "PDF", () -> checkPdf(reports, truth, work));
    check(failures, "XLSX", () -> checkWorkbook(reports, truth, work));
    // kept for a look (and the screenshots in docs/): the demo month's report and statements
    Path kept = Path.of("target/invariants-reports");
    Files.createDirectories(kept.resolve("teams"));
    try (java.util.stream.Stream<Path> files = Files.walk(reports)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(
            file,
            kept.resolve(reports.relativize(file).toString()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    assertThat(failures).as("outputs that disagree with the tables").isEmpty();
  }

  interface Check {
    void run() throws Exception;
  }

  private static void check(List<String> failures, String output, Check check) throws Exception {
    try {
      check.run();
    } catch (AssertionError e) {
      if (e.getClass().getName().contains("TestAbortedException")) {
        throw e;
      }
      failures.add(output + ": " + e.getMessage());
    }
  }

  /** {@code netcost demo --days 1}, as the command line runs it; returns what it printed. */
  private static String runDemo(Path store) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      exit =
          Main.execute(
              "demo",
              "--store",
              store.toString(),
              "--days",
              Integer.toString(DAYS),
              "--start",
              MONTH + "-01",
              "--master",
              "local[2]");
    } finally {
      System.setOut(original);
    }
    String console = captured.toString(StandardCharsets.UTF_8);
    original.print(console);
    assertThat(exit).as("demo exit code").isZero();
    return console;
  }

  // ---- the reference: DuckDB over the tables ----

  private static Truth truth(Path store) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement statement = duck.createStatement()) {
        String views =
            Files.readString(SQL.resolve("duckdb/views.sql"))
                .replace("{{store}}", store.toString());
        for (String sql : statements(views)) {
          statement.execute(sql);
        }
      }
      String month = "\"date\" BETWEEN '" + MONTH + "-01' AND '" + MONTH + "-30'";
      BigDecimal billed =
          single(
              duck,
              "SELECT SUM(billed_cost) FROM netcost.reconciliation_keys_daily WHERE " + month);
      BigDecimal unattributed =
          single(
              duck,
              "SELECT SUM(unattributed_cost) FROM netcost.reconciliation_keys_daily WHERE "
                  + month);
      // sum-safe: the allocations' reconciled cost (the unattributed owner included) is the bill
      assertThat(
              single(
                  duck,
                  "SELECT SUM(reconciled_cost) FROM netcost.reconciliation_allocations_daily WHERE "
                      + month))
          .isEqualByComparingTo(billed);
      assertThat(
              single(
                  duck,
                  "SELECT SUM(reconciled_cost) FROM netcost.reconciliation_allocations_daily WHERE "
                      + month
                      + " AND team = '"
                      + UNATTRIBUTED
                      + "'"))
          .isEqualByComparingTo(unattributed);

      // the shipped bill tie-out query: per day, billed = reconciled + unattributed, "ties out"
      for (String dialect : List.of("athena", "bigquery")) {
        BigDecimal dayBilled = BigDecimal.ZERO;
        BigDecimal dayReconciled = BigDecimal.ZERO;
        BigDecimal dayUnattributed = BigDecimal.ZERO;
        for (List<Object> row : query(duck, dialect, "bill_tie_out_for_a_month.sql")) {
          dayBilled = dayBilled.add((BigDecimal) row.get(1));
          dayReconciled = dayReconciled.add((BigDecimal) row.get(2));
          dayUnattributed = dayUnattributed.add((BigDecimal) row.get(3));
          assertThat(row.get(5)).as(dialect + " " + row.get(0)).isEqualTo("ties out");
        }
        assertThat(dayBilled).as(dialect).isEqualByComparingTo(billed);
        assertThat(dayUnattributed).as(dialect).isEqualByComparingTo(unattributed);
        assertThat(dayReconciled).as(dialect).isEqualByComparingTo(billed.subtract(unattributed));
      }

      // the shipped example queries, Athena and BigQuery dialects alike
      Map<String, BigDecimal> teamEstimates = null;
      Map<String, BigDecimal> teamReconciled = null;
      Map<String, BigDecimal> classEstimates = null;
      java.util.Set<String> allClasses = new java.util.TreeSet<>();
      for (String dialect : List.of("athena", "bigquery")) {
        Map<String, BigDecimal> estimates = new TreeMap<>();
        Map<String, BigDecimal> reconciled = new TreeMap<>();
        BigDecimal unattributedRow = null;
        for (List<Object> row : query(duck, dialect, "chargeback_by_team.sql")) {
          String team = (String) row.get(0);
          if (team.equals(UNATTRIBUTED)) {
            unattributedRow = (BigDecimal) row.get(2);
            continue;
          }
          if (row.get(1) != null) {
            estimates.put(team, (BigDecimal) row.get(1));
          }
          if (row.get(2) != null) {
            reconciled.put(team, (BigDecimal) row.get(2));
          }
        }
        assertThat(unattributedRow).as(dialect).isEqualByComparingTo(unattributed);
        Map<String, BigDecimal> topEgress = new TreeMap<>();
        for (List<Object> row : query(duck, dialect, "top_egress_by_team.sql")) {
          if (row.get(3) != null) {
            topEgress.put((String) row.get(0), (BigDecimal) row.get(3));
          }
        }
        assertThat(topEgress)
            .as(dialect + " top_egress_by_team vs chargeback_by_team")
            .isEqualTo(estimates);
        Map<String, BigDecimal> classes = new TreeMap<>();
        for (List<Object> row : query(duck, dialect, "estimate_by_traffic_class.sql")) {
          allClasses.add((String) row.get(0));
          if (row.get(1) != null) {
            classes.put((String) row.get(0), (BigDecimal) row.get(1));
          }
        }
        assertThat(sum(classes)).as(dialect).isEqualByComparingTo(sum(estimates));
        if (teamEstimates != null) {
          assertThat(estimates).as(dialect).isEqualTo(teamEstimates);
          assertThat(reconciled).as(dialect).isEqualTo(teamReconciled);
          assertThat(classes).as(dialect).isEqualTo(classEstimates);
        }
        teamEstimates = estimates;
        teamReconciled = reconciled;
        classEstimates = classes;
      }
      // every team; the month is fully reconciled, so a team the bill did not cover is charged 0
      java.util.Set<String> teams = new java.util.TreeSet<>(teamEstimates.keySet());
      teams.addAll(teamReconciled.keySet());
      for (String team : teams) {
        teamReconciled.putIfAbsent(team, BigDecimal.ZERO);
      }
      return new Truth(
          billed,
          billed.subtract(unattributed),
          unattributed,
          sum(teamEstimates),
          teams,
          allClasses,
          teamEstimates,
          teamReconciled,
          classEstimates);
    }
  }

  // ---- the console ----

  private static void checkConsole(String console, Truth truth) {
    // the monthly report's summary (netcost report / the end of the demo)
    int start = console.indexOf(MONTH + ": ");
    assertThat(start).as("report summary in the console").isNotNegative();
    String report = console.substring(start);
    assertThat(report).startsWith(MONTH + ": Reconciled \u2014 ties out");
    Matcher line =
        Pattern.compile(
                "billed (\\S+) USD = reconciled to teams (\\S+) \\+ unattributed (\\S+); estimate \\(showback\\) (\\S+)")
            .matcher(report);
    assertThat(line.find()).as("billed line").isTrue();
    assertThat(line.group(1)).isEqualTo(plain(truth.billed()));
    assertThat(line.group(2)).isEqualTo(plain(truth.reconciled()));
    assertThat(line.group(3)).isEqualTo(plain(truth.unattributed()));
    assertThat(line.group(4)).isEqualTo(plain(truth.estimated()));
    Map<String, String[]> teams = new TreeMap<>();
    Map<String, String> classes = new TreeMap<>();
    boolean inClasses = false;
    for (String row : report.split("\n")) {
      String[] fields = row.trim().split("\\s+");
      if (row.trim().startsWith("traffic class")) {
        inClasses = true;
      } else if (row.startsWith("  report:")) {
        break;
      } else if (!inClasses && fields.length == 3 && !fields[0].equals("team")) {
        teams.put(fields[0], new String[] {fields[1], fields[2]});
      } else if (inClasses && fields.length == 2) {
        classes.put(fields[0], fields[1]);
      }
    }
    assertThat(teams.remove("(unattributed)")).containsExactly("-", plain(truth.unattributed()));
    assertThat(teams.keySet()).isEqualTo(truth.teams());
    for (String team : truth.teams()) {
      assertThat(teams.get(team)[0])
          .as(team)
          .isEqualTo(truth.estimate(team, InvariantsTest::plain));
      assertThat(teams.get(team)[1]).as(team).isEqualTo(plain(truth.teamReconciled().get(team)));
    }
    Map<String, String> expectedClasses = new TreeMap<>();
    truth
        .classes()
        .forEach(
            name -> expectedClasses.put(name, truth.classEstimate(name, InvariantsTest::plain)));
    assertThat(classes).isEqualTo(expectedClasses);

    // the nightly runs' team table (estimate per team, the last column)
    int nightly = console.indexOf("Network cost by team, " + MONTH);
    assertThat(nightly).isNotNegative();
    Map<String, String> nightlyTeams = new TreeMap<>();
    for (String row : console.substring(nightly).split("\n")) {
      String[] fields = row.trim().split("\\s+");
      if (row.startsWith("total")) {
        assertThat(fields[fields.length - 1]).isEqualTo(plain(truth.estimated()));
        break;
      }
      if (truth.teams().contains(fields[0])) {
        nightlyTeams.put(fields[0], fields[fields.length - 1]);
      }
    }
    Map<String, String> nightlyExpected = new TreeMap<>();
    // the nightly table sums priced cost only: a team with nothing priced shows 0.00 there
    truth
        .teams()
        .forEach(
            team ->
                nightlyExpected.put(
                    team, plain(truth.teamEstimates().getOrDefault(team, BigDecimal.ZERO))));
    assertThat(nightlyTeams).isEqualTo(nightlyExpected);
  }

  // ---- the HTML report ----

  private static void checkHtml(String html, Truth truth) {
    String first = html.substring(html.indexOf("id=\"summary\""), html.indexOf("id=\"breakdown\""));
    assertThat(first)
        .contains("id=\"total-cost\">" + usd(truth.reconciled()) + "<")
        .contains("id=\"billed\">" + usd(truth.billed()) + "<")
        .contains("id=\"unattributed\">" + usd(truth.unattributed()) + "<")
        .contains("id=\"estimate\">" + usd(truth.estimated()) + "<")
        .contains("Reconciled \u2014 ties out")
        .contains(tieOut(truth))
        .doesNotContain("clusters: " + UNATTRIBUTED)
        .doesNotContain(", " + UNATTRIBUTED);
    Map<String, String[]> rows = new TreeMap<>();
    Matcher row =
        Pattern.compile(
                "<tr><td>([^<]+)</td><td class=\"num\">([^<]+)</td><td class=\"num\">([^<]+)</td>")
            .matcher(first.substring(first.indexOf("id=\"teams\"")));
    while (row.find()) {
      rows.put(row.group(1), new String[] {row.group(2), row.group(3)});
    }
    for (String team : truth.teams()) {
      String[] cells = rows.get(label(team));
      assertThat(cells).as(team).isNotNull();
      assertThat(cells[0]).as(team).isEqualTo(usd(truth.teamReconciled().get(team)));
      // "$0.01 + unpriced" when part of the team's traffic had no price
      assertThat(cells[1]).as(team).startsWith(truth.estimate(team, InvariantsTest::usd));
    }
    String breakdown =
        html.substring(html.indexOf("id=\"breakdown\""), html.indexOf("id=\"method\""));
    Matcher classRow =
        Pattern.compile("</span>([^<]+)</td><td class=\"num\">([^<]+)</td>").matcher(breakdown);
    Map<String, String> classes = new TreeMap<>();
    while (classRow.find()) {
      classes.put(classRow.group(1), classRow.group(2));
    }
    for (String trafficClass : truth.classes()) {
      assertThat(classes.get(CLASS_LABELS.get(trafficClass)))
          .as(trafficClass)
          .startsWith(truth.classEstimate(trafficClass, InvariantsTest::usd));
    }
  }

  // ---- the CSVs ----

  private static void checkCsv(Path reports, Truth truth) throws IOException {
    List<List<String>> summary = csv(reports.resolve("summary-" + MONTH + ".csv"));
    Map<String, String> fields = new LinkedHashMap<>();
    for (int index = 0; index < summary.get(0).size(); index++) {
      fields.put(summary.get(0).get(index), summary.get(1).get(index));
    }
    assertThat(fields.get("status")).isEqualTo("TIED_OUT");
    assertThat(cents(new BigDecimal(fields.get("billed_cost")))).isEqualTo(cents(truth.billed()));
    assertThat(cents(new BigDecimal(fields.get("reconciled_cost"))))
        .isEqualTo(cents(truth.reconciled()));
    assertThat(cents(new BigDecimal(fields.get("unattributed_cost"))))
        .isEqualTo(cents(truth.unattributed()));
    assertThat(cents(new BigDecimal(fields.get("estimated_cost"))))
        .isEqualTo(cents(truth.estimated()));
    assertThat(cents(new BigDecimal(fields.get("variance_cost"))))
        .isEqualTo(
            cents(
                new BigDecimal(fields.get("billed_cost"))
                    .subtract(new BigDecimal(fields.get("estimated_cost")))));

    List<List<String>> teams = csv(reports.resolve("teams-" + MONTH + ".csv"));
    Map<String, BigDecimal> estimates = new TreeMap<>();
    Map<String, BigDecimal> reconciled = new TreeMap<>();
    BigDecimal reconciledSum = BigDecimal.ZERO;
    for (List<String> team : teams.subList(1, teams.size())) {
      reconciledSum = reconciledSum.add(new BigDecimal(team.get(7)));
      if (team.get(1).equals(UNATTRIBUTED)) {
        assertThat(cents(new BigDecimal(team.get(7)))).isEqualTo(cents(truth.unattributed()));
        continue;
      }
      if (!team.get(6).isEmpty()) {
        estimates.put(team.get(1), cents(new BigDecimal(team.get(6))));
      }
      reconciled.put(team.get(1), cents(new BigDecimal(team.get(7))));
    }
    assertThat(cents(reconciledSum)).isEqualTo(cents(truth.billed()));
    assertThat(estimates).isEqualTo(centsValues(truth.teamEstimates()));
    assertThat(reconciled).isEqualTo(centsValues(truth.teamReconciled()));

    // the line file, summed per team and per class by the reader
    List<List<String>> lines = csv(reports.resolve("chargeback-" + MONTH + ".csv"));
    List<String> header = lines.get(0);
    int team = header.indexOf("team");
    int trafficClass = header.indexOf("traffic_class");
    int cost = header.indexOf("cost");
    int reconciledCost = header.indexOf("reconciled_cost");
    Map<String, BigDecimal> lineTeams = new TreeMap<>();
    Map<String, BigDecimal> lineClasses = new TreeMap<>();
    Map<String, BigDecimal> lineReconciled = new TreeMap<>();
    BigDecimal lineReconciledSum = BigDecimal.ZERO;
    for (List<String> line : lines.subList(1, lines.size())) {
      if (!line.get(reconciledCost).isEmpty()) {
        lineReconciledSum = lineReconciledSum.add(new BigDecimal(line.get(reconciledCost)));
        if (!line.get(team).equals(UNATTRIBUTED)) {
          lineReconciled.merge(
              line.get(team), new BigDecimal(line.get(reconciledCost)), BigDecimal::add);
        }
      }
      if (line.get(team).equals(UNATTRIBUTED) || line.get(cost).isEmpty()) {
        continue;
      }
      lineTeams.merge(line.get(team), new BigDecimal(line.get(cost)), BigDecimal::add);
      lineClasses.merge(line.get(trafficClass), new BigDecimal(line.get(cost)), BigDecimal::add);
    }
    assertThat(cents(lineReconciledSum)).isEqualTo(cents(truth.billed()));
    assertThat(centsValues(lineTeams)).isEqualTo(centsValues(truth.teamEstimates()));
    assertThat(centsValues(lineClasses)).isEqualTo(centsValues(truth.classEstimates()));
    truth.teams().forEach(name -> lineReconciled.putIfAbsent(name, BigDecimal.ZERO));
    assertThat(centsValues(lineReconciled)).isEqualTo(centsValues(truth.teamReconciled()));
  }

  // ---- the PDFs (pdftotext) ----

  private static void checkPdf(Path reports, Truth truth, Path work) throws Exception {
    Optional<Path> pdftotext = tool("pdftotext", "poppler-utils");
    if (pdftotext.isEmpty()) {
      return;
    }
    Path pdf = reports.resolve("chargeback-" + MONTH + ".pdf");
    if (!Files.exists(pdf)) {
      requireInCi("the demo wrote no PDF (no Chromium: install Debian package chromium)");
      return;
    }
    String first =
        run(work, pdftotext.get().toString(), "-f", "1", "-l", "1", "-layout", pdf.toString(), "-");
    // (the KPI labels are upper-case in print and wrap, so the status sentence names the amounts)
    assertThat(first)
        .contains(tieOut(truth))
        .contains(usd(truth.reconciled()))
        .contains(usd(truth.billed()))
        .contains(usd(truth.unattributed()))
        .contains(usd(truth.estimated()))
        .contains("Reconciled \u2014 ties out");
    for (String team : truth.teams()) {
      Matcher row =
          Pattern.compile(
                  "(?m)^\\s*"
                      + Pattern.quote(label(team))
                      + "\\s+"
                      + MONEY
                      + "\\s+(-?\\$[0-9,]+\\.[0-9]{2}|unpriced)")
              .matcher(first);
      assertThat(row.find()).as("PDF row of " + team).isTrue();
      assertThat(row.group(1)).as(team).isEqualTo(usd(truth.teamReconciled().get(team)));
      assertThat(row.group(2)).as(team).isEqualTo(truth.estimate(team, InvariantsTest::usd));
    }
    String second =
        run(work, pdftotext.get().toString(), "-f", "2", "-l", "2", "-layout", pdf.toString(), "-");
    for (String trafficClass : truth.classes()) {
      Matcher row =
          Pattern.compile(
                  "(?m)^\\s*"
                      + Pattern.quote(CLASS_LABELS.get(trafficClass))
                      + "\\s+(-?\\$[0-9,]+\\.[0-9]{2}|unpriced)")
              .matcher(second);
      assertThat(row.find()).as("PDF class row " + trafficClass).isTrue();
      assertThat(row.group(1))
          .as(trafficClass)
          .isEqualTo(truth.classEstimate(trafficClass, InvariantsTest::usd));
    }
    // each team's own statement
    for (Map.Entry<String, BigDecimal> team : truth.teamReconciled().entrySet()) {
      Path statement = reports.resolve("teams/" + team.getKey() + "-" + MONTH + ".pdf");
      assertThat(statement).as(team.getKey()).exists();
      assertThat(run(work, pdftotext.get().toString(), "-layout", statement.toString(), "-"))
          .as(team.getKey())
          .contains(usd(team.getValue()))
          .contains(truth.estimate(team.getKey(), InvariantsTest::usd));
    }
  }

  // ---- the workbook, as LibreOffice shows it ----

  private static void checkWorkbook(Path reports, Truth truth, Path work) throws Exception {
    Optional<Path> soffice = tool("soffice", "libreoffice-calc");
    if (soffice.isEmpty()) {
      return;
    }
    Path xlsx = work.resolve("book.xlsx");
    Files.copy(reports.resolve("chargeback-" + MONTH + ".xlsx"), xlsx);
    // one CSV per sheet (token 12 = -1), cells as shown (token 9 = true), UTF-8 (76)
    run(
        work,
        soffice.get().toString(),
        "-env:UserInstallation=" + work.resolve("lo-profile").toUri(),
        "--headless",
        "--norestore",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
        "--outdir",
        work.resolve("lo").toString(),
        xlsx.toString());
    Map<String, List<String>> summary = new LinkedHashMap<>();
    for (List<String> row : csv(work.resolve("lo/book-Summary.csv"))) {
      if (!row.isEmpty()) {
        summary.put(row.get(0), row);
      }
    }
    assertThat(summary.get("Billed network transfer").get(1)).isEqualTo(usd(truth.billed()));
    assertThat(summary.get("Estimated cost (showback)").get(1)).isEqualTo(usd(truth.estimated()));
    assertThat(summary.get("Reconciled cost (chargeback to teams)").get(1))
        .isEqualTo(usd(truth.reconciled()));
    assertThat(summary.get("Unattributed cost (billed, no measured flow)").get(1))
        .isEqualTo(usd(truth.unattributed()));
    assertThat(summary.get("Billed \u2212 reconciled \u2212 unattributed").get(1))
        .isEqualTo("$0.00");
    for (String team : truth.teams()) {
      List<String> row = summary.get(team);
      assertThat(row).as(team).isNotNull();
      assertThat(row.get(1)).as(team).isEqualTo(usd(truth.teamReconciled().get(team)));
      // an unpriced estimate is an empty cell
      assertThat(row.get(2))
          .as(team)
          .isEqualTo(truth.estimate(team, InvariantsTest::usd).replace("unpriced", ""));
    }
    assertThat(summary.get(UNATTRIBUTED).get(1)).isEqualTo(usd(truth.unattributed()));
    assertThat(summary.get("Total").get(1)).isEqualTo(usd(truth.billed()));
    Map<String, String> classes = new TreeMap<>();
    for (List<String> row : csv(work.resolve("lo/book-Traffic classes.csv"))) {
      if (row.size() > 1 && truth.classes().contains(row.get(0))) {
        classes.put(row.get(0), row.get(1));
      }
    }
    Map<String, String> expected = new TreeMap<>();
    // an unpriced class is an empty cell
    truth
        .classes()
        .forEach(
            key ->
                expected.put(
                    key, truth.classEstimate(key, InvariantsTest::usd).replace("unpriced", "")));
    assertThat(classes).isEqualTo(expected);
  }

  // ---- helpers ----

  private static List<List<Object>> query(Connection duck, String dialect, String file)
      throws IOException, SQLException {
    String sql = Files.readString(SQL.resolve("queries/" + dialect + "/" + file));
    if (dialect.equals("bigquery")) {
      // the one documented switch (docs/tables.md): `netcost.x` → netcost.x, other backticks → "
      sql = sql.replaceAll("`(netcost\\.[a-z_]+)`", "$1").replace('`', '"');
    }
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = duck.createStatement();
        ResultSet result = statement.executeQuery(statements(sql).get(0))) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int column = 1; column <= columns; column++) {
          row.add(result.getObject(column));
        }
        rows.add(row);
      }
    }
    assertThat(rows).as(dialect + "/" + file).isNotEmpty();
    return rows;
  }

  private static BigDecimal single(Connection duck, String sql) throws SQLException {
    try (Statement statement = duck.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      BigDecimal value = result.getBigDecimal(1);
      assertThat(value).as(sql).isNotNull();
      return value;
    }
  }

  private static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        statements.add(current.toString().strip().replaceAll(";$", ""));
        current.setLength(0);
      }
    }
    return statements;
  }

  private static List<List<String>> csv(Path file) throws IOException {
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<List<String>> iterator =
        mapper.readerFor(List.class).readValues(Files.readString(file, StandardCharsets.UTF_8))) {
      while (iterator.hasNext()) {
        rows.add(iterator.next());
      }
    }
    return rows;
  }

  /** The sentence page 1 states when the month ties out. */
  private static String tieOut(Truth truth) {
    return "chargeback "
        + usd(truth.reconciled())
        + " + unattributed "
        + usd(truth.unattributed())
        + " = billed "
        + usd(truth.billed())
        + " to the cent.";
  }

  private static String label(String team) {
    return team.equals("__unassigned__") ? "Unassigned" : team;
  }

  private static BigDecimal cents(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP);
  }

  private static String plain(BigDecimal amount) {
    return cents(amount).toPlainString();
  }

  /** "$1,234.57": dollars, grouped, half-up to the cent. */
  private static String usd(BigDecimal amount) {
    DecimalFormat format =
        new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
    format.setRoundingMode(RoundingMode.HALF_UP);
    String digits = format.format(cents(amount).abs());
    return (cents(amount).signum() < 0 ? "-$" : "$") + digits;
  }

  private static BigDecimal sum(Map<String, BigDecimal> values) {
    return values.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static Map<String, BigDecimal> centsValues(Map<String, BigDecimal> values) {
    Map<String, BigDecimal> result = new TreeMap<>();
    values.forEach((key, value) -> result.put(key, cents(value)));
    return result;
  }

  private static Map<String, String> plainValues(Map<String, BigDecimal> values) {
    Map<String, String> result = new TreeMap<>();
    values.forEach((key, value) -> result.put(key, plain(value)));
    return result;
  }

  /** A program on the PATH; missing: fails in CI (CI=true), skipped with a message elsewhere. */
  private static Optional<Path> tool(String program, String debianPackage) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String directory : path.split(File.pathSeparator)) {
        Path candidate = Path.of(directory, program);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    requireInCi(program + " not found on PATH: install Debian package " + debianPackage);
    return Optional.empty();
  }

  private static void requireInCi(String message) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message + " (required in CI)");
    }
    assumeTrue(false, message + " (skipped outside CI)");
  }

  private static String run(Path directory, String... command) throws Exception {
    Path log = Files.createTempFile(directory, "tool-", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Timed out: " + List.of(command));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(List.of(command) + "\n" + output).isZero();
    return output;
  }
}
