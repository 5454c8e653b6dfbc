package dev.netcost.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Months with reconciled cost and a reconciliation_daily table: tied out, mismatched, partial. */
final class TestReconciledMonth {
  static final YearMonth MONTH = YearMonth.of(2026, 9);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-05T00:00:00Z"), ZoneOffset.UTC);
  static final ReportOptions NO_PDF =
      new ReportOptions(CLOCK, Optional.empty(), ReportOptions.Pdf.SKIP);

  @Test
  void reconciledMonthTiesOutToTheCent(@TempDir Path store) throws IOException {
    ReportFixture fixture = new ReportFixture(MONTH, Set.of(), true);
    fixture.write(TestingSpark.session(), store.toString(), false, true);
    ReportResult result =
        MonthlyReport.run(TestingSpark.session(), store.toString(), MONTH, NO_PDF);

    assertThat(result.reconciliation()).isEqualTo(ReconciliationStatus.TIED_OUT);
    assertThat(result.missingDays()).isEmpty();
    BigDecimal allocated = ReportFixture.sum(fixture.dailyRows, row -> true, 12);
    BigDecimal unattributed = new BigDecimal("2.5").multiply(BigDecimal.valueOf(30));
    String html = Files.readString(store.resolve("reports/2026-09/chargeback-2026-09.html"));
    assertThat(html)
        .contains("Reconciled \u2014 ties out")
        .contains(Formats.money(allocated, "USD"))
        .contains(Formats.money(allocated.add(unattributed), "USD"))
        .contains(Formats.money(unattributed, "USD"))
        .doesNotContain("Missing days:")
        .contains("No network_flows partitions for 2026-09");
    String teams = Files.readString(store.resolve("reports/2026-09/teams-2026-09.csv"));
    BigDecimal reconciledTotal = BigDecimal.ZERO;
    for (String line : teams.split("\r\n")) {
      if (!line.startsWith("month,")) {
        reconciledTotal = reconciledTotal.add(new BigDecimal(line.split(",", -1)[9]));
      }
    }
    assertThat(reconciledTotal).isEqualByComparingTo(allocated);
    assertThat(result.notes()).anyMatch(note -> note.startsWith("No network_flows partitions"));
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
        .contains("differs from the billed amount by $0.01");
  }

  @Test
  void reconciledCostWithoutABillIsPartial(@TempDir Path store) throws IOException {
    ReportFixture fixture = new ReportFixture(MONTH, Set.of(LocalDate.of(2026, 9, 30)), true);
    fixture.write(TestingSpark.session(), store.toString(), false, false);
    ReportResult result =
        MonthlyReport.run(TestingSpark.session(), store.toString(), MONTH, NO_PDF);

    assertThat(result.reconciliation()).isEqualTo(ReconciliationStatus.PARTIAL);
    assertThat(result.missingDays()).containsExactly(LocalDate.of(2026, 9, 30));
    assertThat(Files.readString(store.resolve("reports/2026-09/chargeback-2026-09.html")))
        .contains("Partially reconciled")
        .contains("29 of 29 days carry reconciled cost; no reconciliation_daily table")
        .contains("Missing days:</strong> no chargeback data for 1 day of September 2026: Sep 30.");
  }
}
