package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link MonthlyReport#run} wrote and the totals it reported.
 *
 * <p>Every path is a full URI in the store (for example {@code
 * s3a://bucket/netcost/reports/2026-11/ chargeback-2026-11.html}). {@code totalCost} is the exact
 * sum of {@code chargeback_daily.cost} over the month (unpriced rows contribute nothing and are
 * counted in {@code unpricedBytes}); the report, the spreadsheet and the CSV all show this amount
 * rounded half-up to the cent.
 *
 * @param pdf absent when no PDF was rendered; {@code notes} then says why
 * @param teamStatements per team, an HTML file with only that team's statement (to send to it)
 * @param teamCosts exact cost per team, in the report's order (highest first)
 * @param notes warnings meant for the person running the command (missing days, no PDF, ...)
 */
public record ReportResult(
    YearMonth month,
    String chargebackMonthlyTable,
    String html,
    Optional<String> pdf,
    String xlsx,
    String csv,
    String teamsCsv,
    Map<String, String> teamStatements,
    String currency,
    BigDecimal totalCost,
    long totalEgressBytes,
    long totalIngressBytes,
    long unpricedBytes,
    Map<String, BigDecimal> teamCosts,
    List<LocalDate> missingDays,
    ReconciliationStatus reconciliation,
    List<String> notes) {
  public ReportResult {
    requireNonNull(month, "month is null");
    requireNonNull(chargebackMonthlyTable, "chargebackMonthlyTable is null");
    requireNonNull(html, "html is null");
    requireNonNull(pdf, "pdf is null");
    requireNonNull(xlsx, "xlsx is null");
    requireNonNull(csv, "csv is null");
    requireNonNull(teamsCsv, "teamsCsv is null");
    teamStatements =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(teamStatements));
    requireNonNull(currency, "currency is null");
    requireNonNull(totalCost, "totalCost is null");
    teamCosts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(teamCosts));
    missingDays = List.copyOf(missingDays);
    requireNonNull(reconciliation, "reconciliation is null");
    notes = List.copyOf(notes);
  }
}
