package dev.netcost.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Months reconciled against a bill (reconciliation_keys_daily and
 * reconciliation_allocations_daily): tied out, one cent off, partial.
 */
final class TestReconciledMonth {
  static final YearMonth MONTH = YearMonth.of(2026, 9);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-05T00:00:00Z"), ZoneOffset.UTC);
  static final ReportOptions NO_PDF =
      new ReportOptions(CLOCK, Optional.empty(), ReportOptions.Pdf.SKIP);

  @Test
  void reconciledMonthLeadsWithTheChargebackAndTiesOutToTheCent(@TempDir Path store)
      throws IOException {
    ReportFixture fixture = new ReportFixture(MONTH, Set.of(), true);
    fixture.write(TestingSpark.session(), store.toString(), false, true);
    ReportResult result =
        MonthlyReport.run(TestingSpark.session(), store.toString(), MONTH, NO_PDF);

    // expected values from the fixture's rows: estimate × 1.1 per priced row, 2.5 a day outside
    BigDecimal estimate = ReportFixture.sum(fixture.dailyRows, row -> true, 10);
    BigDecimal reconciled = fixture.reconciledTotal();
    BigDecimal unattributed = new BigDecimal("2.5").multiply(BigDecimal.valueOf(30));
    BigDecimal billed = reconciled.add(unattributed);
    assertThat(fixture.unattributedTotal()).isEqualByComparingTo(unattributed);
    assertThat(fixture.billedTotal()).isEqualByComparingTo(billed);

    assertThat(result.reconciliation()).isEqualTo(ReconciliationStatus.TIED_OUT);
    assertThat(result.missingDays()).isEmpty();
    assertThat(result.totalCost()).isEqualByComparingTo(estimate);
    assertThat(result.billedCost())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(billed));
    assertThat(result.reconciledCost())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(reconciled));
    assertThat(result.unattributedCost())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(unattributed));
    assertThat(result.teamReconciledCosts()).containsOnlyKeys(fixture.teamReconciled().keySet());
    fixture
        .teamReconciled()
        .forEach(
            (team, amount) ->
                assertThat(result.teamReconciledCosts().get(team))
                    .as(team)
                    .isEqualByComparingTo(amount));
    // the pseudo-owner is neither a team nor a cluster
    assertThat(result.teamCosts()).doesNotContainKey("__unattributed__");

    String html = Files.readString(store.resolve("reports/2026-09/chargeback-2026-09.html"));
    String firstPage =
        html.substring(html.indexOf("id=\"summary\""), html.indexOf("id=\"breakdown\""));
    assertThat(firstPage)
        .contains("Chargeback (reconciled to teams)")
        .contains("id=\"total-cost\">" + Formats.money(reconciled, "USD") + "<")
        .contains("id=\"billed\">" + Formats.money(billed, "USD") + "<")
        .contains("id=\"unattributed\">" + Formats.money(unattributed, "USD") + "<")
        .contains("id=\"estimate\">" + Formats.money(estimate, "USD") + "<")
        .contains("id=\"variance\">+" + Formats.money(billed.subtract(estimate), "USD") + "<")
        .contains("Reconciled \u2014 ties out")
        .contains(
            "chargeback "
                + Formats.money(reconciled, "USD")
                + " + unattributed "
                + Formats.money(unattributed, "USD")
                + " = billed "
                + Formats.money(billed, "USD")
                + " to the cent.")
        // the resource that caused the unattributed cost, with its amount
        .contains(ReportFixture.OUTSIDE_INSTANCE)
        .contains("clusters: " + ReportFixture.CLUSTER + " \u00b7")
        .doesNotContain("clusters: __unattributed__")
        .doesNotContain("does not tie out")
        // the unattributed line has no estimate, so no variance
        .contains(
            "<tr class=\"unattributed\"><td>Unattributed (billed, no measured flow)</td><td"
                + " class=\"num\">"
                + Formats.money(unattributed, "USD")
                + "</td><td class=\"num\">\u2014</td><td class=\"num\">\u2014</td>");
    assertThat(html).contains("No network_flows partitions for 2026-09");

    // teams CSV: Σ reconciled_cost over the rows (the unattributed row included) is the bill
    List<String> teams =
        Arrays.asList(
            Files.readString(store.resolve("reports/2026-09/teams-2026-09.csv")).split("\r\n"));
    BigDecimal reconciledSum = BigDecimal.ZERO;
    BigDecimal estimateSum = BigDecimal.ZERO;
    for (String line : teams.subList(1, teams.size())) {
      String[] fields = line.split(",", -1);
      reconciledSum = reconciledSum.add(new BigDecimal(fields[7]));
      if (fields[1].equals("__unattributed__")) {
        // no estimate, so no variance and no previous month's estimate: empty cells, never 0
        assertThat(fields[6]).isEmpty();
        assertThat(new BigDecimal(fields[7])).isEqualByComparingTo(unattributed);
        assertThat(fields[8]).isEmpty();
        assertThat(fields[9]).isEmpty();
      } else {
        assertThat(fields[9]).isNotEmpty();
        estimateSum = estimateSum.add(new BigDecimal(fields[6]));
        assertThat(new BigDecimal(fields[8]))
            .isEqualByComparingTo(new BigDecimal(fields[7]).subtract(new BigDecimal(fields[6])));
      }
    }
    assertThat(teams.get(teams.size() - 1)).startsWith("2026-09,__unattributed__,");
    assertThat(reconciledSum).isEqualByComparingTo(billed);
    assertThat(estimateSum).isEqualByComparingTo(estimate);

    List<String> summary =
        Arrays.asList(
            Files.readString(store.resolve("reports/2026-09/summary-2026-09.csv")).split("\r\n"));
    List<String> fields = Arrays.asList(summary.get(1).split(",", -1));
    assertThat(fields.subList(0, 3)).containsExactly("2026-09", "USD", "TIED_OUT");
    assertThat(new BigDecimal(fields.get(3))).isEqualByComparingTo(billed);
    assertThat(new BigDecimal(fields.get(4))).isEqualByComparingTo(estimate);
    assertThat(new BigDecimal(fields.get(5))).isEqualByComparingTo(reconciled);
    assertThat(new BigDecimal(fields.get(6))).isEqualByComparingTo(unattributed);
    assertThat(new BigDecimal(fields.get(7))).isEqualByComparingTo(billed.subtract(estimate));
    assertThat(fields.subList(11, 13)).containsExactly("30", "30");
    assertThat(result.notes()).anyMatch(note -> note.startsWith("No network_flows partitions"));

    // XLSX Share: of the headline (the chargeback to teams), as in the HTML; none for unattributed
    try (Workbook book =
        WorkbookFactory.create(store.resolve("reports/2026-09/chargeback-2026-09.xlsx").toFile())) {
      Sheet sheet = book.getSheet("Summary");
      assertThat(sheet.getRow(5).getCell(0).getStringCellValue())
          .isEqualTo("Reconciled cost (chargeback to teams)");
      List<String> seen = new ArrayList<>();
      double shares = 0;
      for (int row = XlsxExport.TEAM_HEADER_ROW + 1; ; row++) {
        Row line = sheet.getRow(row);
        String team = line.getCell(0).getStringCellValue();
        if (team.equals("Total")) {
          assertThat(line.getCell(4)).isNull();
          break;
        }
        seen.add(team);
        if (team.equals("__unattributed__")) {
          assertThat(line.getCell(4)).isNull();
          continue;
        }
        BigDecimal amount = fixture.teamReconciled().get(team);
        assertThat(line.getCell(4).getCellFormula())
            .isEqualTo("IF($B$6=0,\"\",B" + (row + 1) + "/$B$6)");
        assertThat(line.getCell(4).getNumericCellValue())
            .as(team)
            .isCloseTo(
                amount.divide(reconciled, java.math.MathContext.DECIMAL64).doubleValue(),
                within(1e-12));
        shares += line.getCell(4).getNumericCellValue();
      }
      assertThat(seen).contains("__unattributed__").hasSize(fixture.teamReconciled().size() + 1);
      // the unattributed row: reconciled only; the Total's variance is billed − estimate
      Row unattributedRow = sheet.getRow(XlsxExport.TEAM_HEADER_ROW + seen.size());
      assertThat(unattributedRow.getCell(0).getStringCellValue()).isEqualTo("__unattributed__");
      assertThat(BigDecimal.valueOf(unattributedRow.getCell(1).getNumericCellValue()))
          .isEqualByComparingTo(unattributed);
      for (int cell : new int[] {2, 3, 4, 5}) {
        assertThat(unattributedRow.getCell(cell)).as("cell " + cell).isNull();
      }
      int totalIndex = XlsxExport.TEAM_HEADER_ROW + seen.size() + 1;
      Row totalRow = sheet.getRow(totalIndex);
      assertThat(totalRow.getCell(3).getCellFormula())
          .isEqualTo("B" + (totalIndex + 1) + "-C" + (totalIndex + 1));
      assertThat(
              BigDecimal.valueOf(totalRow.getCell(3).getNumericCellValue())
                  .setScale(2, java.math.RoundingMode.HALF_UP))
          .isEqualTo(Formats.cents(billed.subtract(estimate)));
      assertThat(shares).isCloseTo(1.0, within(1e-12));
    }
  }

  /**
   * The unattributed amount per billed resource (docs/reports.md): a resource's keys are one row
   * (amount summed, its charges listed), the 5 largest are shown and "N more" counts resources.
   */
  @Test
  void unattributedIsListedPerBilledResourceTopFiveThenTheRest(@TempDir Path store)
      throws IOException {
    ReportFixture fixture = new ReportFixture(MONTH, Set.of(), true);
    // the outside instance has a second key (cross-zone), and five more resources have one each
    fixture.addUnattributed(
        ReportFixture.OUTSIDE_INSTANCE, "cross_zone", new BigDecimal("0.500000000"));
    String[] others = {
      "i-0000000000000002",
      "i-0000000000000003",
      "i-0000000000000004",
      "i-0000000000000005",
      "i-0000000000000006"
    };
    String[] perDay = {"1.000000000", "0.900000000", "0.800000000", "0.700000000", "0.600000000"};
    for (int i = 0; i < others.length; i++) {
      fixture.addUnattributed(others[i], "internet", new BigDecimal(perDay[i]));
    }
    fixture.write(TestingSpark.session(), store.toString(), false, true);
    ReportResult result =
        MonthlyReport.run(TestingSpark.session(), store.toString(), MONTH, NO_PDF);
    assertThat(result.reconciliation()).isEqualTo(ReconciliationStatus.TIED_OUT);
    // 30 days × (2.5 + 0.5 + 1.0 + 0.9 + 0.8 + 0.7 + 0.6)
    assertThat(result.unattributedCost())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("210.000000000"));

    String html = Files.readString(store.resolve("reports/2026-09/chargeback-2026-09.html"));
    String table =
        html.substring(
            html.indexOf("<tbody>", html.indexOf("id=\"unattributed-sources\"")),
            html.indexOf("</tbody>", html.indexOf("id=\"unattributed-sources\"")));
    String internet = "transfer \u00b7 Internet \u00b7 eu-west-1";
    assertThat(table.replaceAll("\\s+<", "<").strip())
        .isEqualTo(
            "<tbody>"
                + source(
                    ReportFixture.OUTSIDE_INSTANCE,
                    "transfer \u00b7 Cross zone \u00b7 eu-west-1; " + internet,
                    "$90.00")
                + source("i-0000000000000002", internet, "$30.00")
                + source("i-0000000000000003", internet, "$27.00")
                + source("i-0000000000000004", internet, "$24.00")
                + source("i-0000000000000005", internet, "$21.00"));
    assertThat(html)
        .contains("and 1 more billed resources: $18.00 (all are in reconciliation_keys_daily)");
  }

  private static String source(String resource, String detail, String amount) {
    return "<tr><td class=\"mono\">"
        + resource
        + "</td><td>"
        + detail
        + "</td><td class=\"num\">"
        + amount
        + "</td></tr>";
  }

  @Test
  void aBillOffByOneCentIsAMismatch(@TempDir Path store) throws IOException {
    ReportFixture fixture = new ReportFixture(MONTH, Set.of(), true);
    fixture.billError = new BigDecimal("0.01");
    fixture.write(TestingSpark.session(), store.toString(), false, true);
    ReportResult result =
        MonthlyReport.run(TestingSpark.session(), store.toString(), MONTH, NO_PDF);

    assertThat(result.reconciliation()).isEqualTo(ReconciliationStatus.MISMATCH);
    assertThat(Files.readString(store.resolve("reports/2026-09/chargeback-2026-09.html")))
        .contains("Reconciled \u2014 does not tie out")
        .contains("differs from the billed amount by $0.01")
        .contains(": off by $0.01.");
    assertThat(result.notes()).anyMatch(note -> note.contains("does not tie out"));
  }

  @Test
  void aMonthWithAnUnreconciledDayIsPartialAndLeadsWithTheEstimate(@TempDir Path store)
      throws IOException {
    ReportFixture fixture =
        new ReportFixture(MONTH, Set.of(), true, Set.of(LocalDate.of(2026, 9, 30)));
    fixture.write(TestingSpark.session(), store.toString(), false, true);
    ReportResult result =
        MonthlyReport.run(TestingSpark.session(), store.toString(), MONTH, NO_PDF);

    assertThat(result.reconciliation()).isEqualTo(ReconciliationStatus.PARTIAL);
    String html = Files.readString(store.resolve("reports/2026-09/chargeback-2026-09.html"));
    assertThat(html)
        .contains("Partially reconciled")
        .contains("29 of 30 days with data are reconciled against the bill")
        .contains("Estimated cost (showback)")
        .contains(
            "id=\"total-cost\">"
                + Formats.money(ReportFixture.sum(fixture.dailyRows, row -> true, 10), "USD")
                + "<");
    assertThat(result.notes()).anyMatch(note -> note.contains("partially reconciled (29 of 30"));
  }
}
