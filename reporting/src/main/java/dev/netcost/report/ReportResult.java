package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link MonthlyReport#run} wrote and the totals it reported.
 *
 * <p>Every path is a full URI in the store (for example {@code
 * s3a://bucket/netcost/reports/2026-11/chargeback-2026-11.html}). Amounts are exact (scale 9); the
 * report, the spreadsheet and the CSVs show them rounded half-up to the cent.
 *
 * @param pdf absent when no PDF was rendered; {@code notes} then says why
 * @param teamStatements per team, an HTML file with only that team's statement (to send to it)
 * @param teamPdfs per team, that statement as a PDF; empty when no PDF was rendered
 * @param totalCost the estimate (showback): Σ {@code chargeback_daily.cost} over the month
 *     (unpriced rows contribute nothing and are counted in {@code unpricedBytes})
 * @param billedCost Σ {@code reconciliation_keys_daily.billed_cost}; empty when not reconciled
 * @param reconciledCost the chargeback: Σ {@code reconciliation_allocations_daily.reconciled_cost}
 *     of every owner but {@code __unattributed__}
 * @param unattributedCost Σ {@code reconciliation_keys_daily.unattributed_cost}
 * @param teamCosts estimate per team, in the report's order ({@code __unattributed__} is not a
 *     team)
 * @param teamReconciledCosts reconciled cost per team, same order: every team when the month is
 *     fully reconciled (0 for a team the bill did not cover), else the teams with reconciled days
 * @param unpricedTeams teams none of whose traffic had a price (their estimate is unknown, not 0)
 * @param classCosts estimate per traffic class
 * @param unpricedClasses traffic classes none of whose traffic had a price (unknown)
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
    String summaryCsv,
    Map<String, String> teamStatements,
    Map<String, String> teamPdfs,
    String currency,
    BigDecimal totalCost,
    Optional<BigDecimal> billedCost,
    Optional<BigDecimal> reconciledCost,
    Optional<BigDecimal> unattributedCost,
    long totalEgressBytes,
    long totalIngressBytes,
    long unpricedBytes,
    Map<String, BigDecimal> teamCosts,
    Map<String, BigDecimal> teamReconciledCosts,
    java.util.Set<String> unpricedTeams,
    Map<String, BigDecimal> classCosts,
    java.util.Set<String> unpricedClasses,
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
    requireNonNull(summaryCsv, "summaryCsv is null");
    teamStatements = ordered(teamStatements);
    teamPdfs = ordered(teamPdfs);
    requireNonNull(currency, "currency is null");
    requireNonNull(totalCost, "totalCost is null");
    requireNonNull(billedCost, "billedCost is null");
    requireNonNull(reconciledCost, "reconciledCost is null");
    requireNonNull(unattributedCost, "unattributedCost is null");
    teamCosts = ordered(teamCosts);
    teamReconciledCosts = ordered(teamReconciledCosts);
    unpricedTeams = java.util.Set.copyOf(unpricedTeams);
    classCosts = ordered(classCosts);
    unpricedClasses = java.util.Set.copyOf(unpricedClasses);
    missingDays = List.copyOf(missingDays);
    requireNonNull(reconciliation, "reconciliation is null");
    notes = List.copyOf(notes);
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
