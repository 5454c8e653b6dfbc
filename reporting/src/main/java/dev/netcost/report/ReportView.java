package dev.netcost.report;

import java.util.List;

/**
 * The model the templates in {@code reports/templates/} render: everything pre-formatted, so a
 * template only lays out text. Public because FreeMarker reads record components reflectively.
 */
public final class ReportView {
  private ReportView() {}

  /**
   * The whole report. {@code reconciledMonth} is true when every day with data was reconciled
   * against the bill: the headline is then the chargeback (reconciled cost), with the bill, the
   * estimate, the unattributed amount and the variance beside it.
   */
  public record Report(
      String title,
      String monthLabel,
      String monthKey,
      String generatedAt,
      String clusters,
      String currency,
      String missingDays,
      int missingDayCount,
      String pendingDays,
      String daysCovered,
      boolean reconciledMonth,
      String headlineLabel,
      String headline,
      String estimate,
      String billed,
      String reconciled,
      String unattributed,
      String variance,
      String varianceShare,
      String tieOut,
      List<SourceRow> unattributedSources,
      String unattributedMore,
      String totalChange,
      String previousLabel,
      String previousTotal,
      String previousNote,
      String totalEgress,
      String totalIngress,
      String unpriced,
      List<TeamRow> teams,
      TeamRow unattributedRow,
      TeamRow totalRow,
      String trendChart,
      String classChart,
      List<ClassRow> classes,
      List<WorkloadRow> workloads,
      List<DestinationRow> destinations,
      String destinationsNote,
      Reconciliation reconciliation,
      List<SheetRow> priceSheets,
      List<Item> coverage,
      List<String> policy,
      List<TeamPage> teamPages,
      boolean teamStatementOnly) {
    /** The same report reduced to one team's statement, to send to that team on its own. */
    public Report forTeam(TeamPage page) {
      return new Report(
          title,
          monthLabel,
          monthKey,
          generatedAt,
          clusters,
          currency,
          missingDays,
          missingDayCount,
          pendingDays,
          daysCovered,
          reconciledMonth,
          headlineLabel,
          headline,
          estimate,
          billed,
          reconciled,
          unattributed,
          variance,
          varianceShare,
          tieOut,
          unattributedSources,
          unattributedMore,
          totalChange,
          previousLabel,
          previousTotal,
          previousNote,
          totalEgress,
          totalIngress,
          unpriced,
          teams,
          unattributedRow,
          totalRow,
          trendChart,
          classChart,
          classes,
          workloads,
          destinations,
          destinationsNote,
          reconciliation,
          priceSheets,
          coverage,
          policy,
          List.of(page),
          true);
    }
  }

  /**
   * A row of the team table: the chargeback (reconciled cost), the estimate (showback) and their
   * difference; "—" where a value does not exist.
   */
  public record TeamRow(
      String label,
      String reconciled,
      String estimate,
      String variance,
      String share,
      String previousCost,
      String change,
      String changeClass,
      String egress,
      String ingress) {}

  /** Unattributed cost of one billed resource. */
  public record SourceRow(String resource, String detail, String amount) {}

  public record ClassRow(
      String label,
      String color,
      String cost,
      String reconciled,
      String share,
      String egress,
      String ingress) {}

  public record WorkloadRow(
      String team,
      String cluster,
      String namespace,
      String workload,
      String cost,
      String reconciled,
      String egress,
      String ingress) {}

  public record DestinationRow(
      String peer, String service, String sent, String received, String cost) {}

  public record Reconciliation(
      String status,
      String statusClass,
      String explanation,
      String billed,
      String reconciled,
      String unattributed,
      String difference) {}

  public record SheetRow(String version, String bytes, String cost) {}

  public record Item(String label, String value) {}

  public record TeamPage(
      String team,
      String label,
      String headlineLabel,
      String headline,
      String estimate,
      String variance,
      String share,
      String change,
      String previousCost,
      String egress,
      String ingress,
      String unpriced,
      String trendChart,
      String classChart,
      List<ClassRow> classes,
      List<WorkloadRow> workloads,
      List<DestinationRow> destinations) {}
}
