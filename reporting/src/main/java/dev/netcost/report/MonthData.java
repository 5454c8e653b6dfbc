package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * Everything the report, the spreadsheet and the CSV show for one month, collected from the tables
 * once so that every output is computed from the same numbers. Money is exact (scale 9).
 */
record MonthData(
    YearMonth month,
    String currency,
    List<LocalDate> presentDays,
    List<LocalDate> missingDays,
    List<LocalDate> pendingDays,
    List<String> clusters,
    List<Line> lines,
    List<DailyCost> daily,
    Optional<Previous> previous,
    Flows flows,
    Reconciliation reconciliation) {
  MonthData {
    requireNonNull(month, "month is null");
    requireNonNull(currency, "currency is null");
    presentDays = List.copyOf(presentDays);
    missingDays = List.copyOf(missingDays);
    pendingDays = List.copyOf(pendingDays);
    clusters = List.copyOf(clusters);
    lines = List.copyOf(lines);
    daily = List.copyOf(daily);
    requireNonNull(previous, "previous is null");
    requireNonNull(flows, "flows is null");
    requireNonNull(reconciliation, "reconciliation is null");
  }

  /**
   * One row of chargeback_monthly. The estimate (showback) costs are empty when none of the line's
   * days was priced (its traffic is then counted in unpricedBytes), and on a line that exists only
   * in reconciliation (no estimated traffic, daysWithTraffic 0). reconciledCost is the sum of
   * reconciliation_allocations_daily.reconciled_cost, empty when no day of the line was reconciled.
   */
  record Line(
      String cluster,
      String team,
      String namespace,
      String workloadKind,
      String workload,
      String trafficClass,
      long egressBytes,
      long ingressBytes,
      long unpricedBytes,
      Optional<BigDecimal> egressCost,
      Optional<BigDecimal> ingressCost,
      Optional<BigDecimal> cost,
      Optional<BigDecimal> reconciledCost,
      int daysWithTraffic) {
    Line {
      requireNonNull(cluster, "cluster is null");
      requireNonNull(team, "team is null");
      requireNonNull(namespace, "namespace is null");
      requireNonNull(workloadKind, "workloadKind is null");
      requireNonNull(workload, "workload is null");
      requireNonNull(trafficClass, "trafficClass is null");
      requireNonNull(egressCost, "egressCost is null");
      requireNonNull(ingressCost, "ingressCost is null");
      requireNonNull(cost, "cost is null");
      requireNonNull(reconciledCost, "reconciledCost is null");
    }

    boolean unattributed() {
      return team.equals(MonthReader.UNATTRIBUTED_TEAM);
    }
  }

  /** Cost and bytes of one team on one day. */
  record DailyCost(LocalDate date, String team, BigDecimal cost, long bytes) {
    DailyCost {
      requireNonNull(date, "date is null");
      requireNonNull(team, "team is null");
      requireNonNull(cost, "cost is null");
    }
  }

  /** The month before: cost per team, and which of its days had data. */
  record Previous(
      YearMonth month, java.util.Map<String, BigDecimal> teamCosts, List<LocalDate> missingDays) {
    Previous {
      requireNonNull(month, "month is null");
      teamCosts = java.util.Map.copyOf(teamCosts);
      missingDays = List.copyOf(missingDays);
    }

    BigDecimal total() {
      return teamCosts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
  }

  /** Internet destinations and price sheets, from network_flows. */
  record Flows(
      List<LocalDate> presentDays,
      List<Destination> topDestinations,
      List<Destination> teamDestinations,
      List<PriceSheetUse> priceSheets) {
    Flows {
      presentDays = List.copyOf(presentDays);
      topDestinations = List.copyOf(topDestinations);
      teamDestinations = List.copyOf(teamDestinations);
      priceSheets = List.copyOf(priceSheets);
    }

    static Flows absent() {
      return new Flows(List.of(), List.of(), List.of(), List.of());
    }
  }

  /** Traffic to one internet peer; team is empty for the all-teams list. */
  record Destination(
      String team,
      String peerIp,
      String peerService,
      long sentBytes,
      long receivedBytes,
      BigDecimal cost) {
    Destination {
      requireNonNull(team, "team is null");
      requireNonNull(peerIp, "peerIp is null");
      requireNonNull(peerService, "peerService is null");
      requireNonNull(cost, "cost is null");
    }
  }

  /** A price sheet version the job used, with the traffic it priced; "(unpriced)" for none. */
  record PriceSheetUse(String version, long bytes, BigDecimal cost) {
    PriceSheetUse {
      requireNonNull(version, "version is null");
      requireNonNull(cost, "cost is null");
    }
  }

  /**
   * The bill against the allocation, from reconciliation_keys_daily (billed at billing-key grain)
   * and reconciliation_allocations_daily (the bill split over owners).
   *
   * @param reconciledDays days of the month with a reconciliation_keys_daily partition
   * @param billed Σ reconciliation_keys_daily.billed_cost
   * @param reconciled Σ reconciliation_allocations_daily.reconciled_cost of the owners (every team
   *     but {@code __unattributed__}): the chargeback
   * @param unattributed Σ reconciliation_keys_daily.unattributed_cost
   * @param sources the unattributed amount per billed resource, largest first
   */
  record Reconciliation(
      ReconciliationStatus status,
      List<LocalDate> reconciledDays,
      Optional<BigDecimal> billed,
      Optional<BigDecimal> reconciled,
      Optional<BigDecimal> unattributed,
      List<UnattributedSource> sources) {
    Reconciliation {
      requireNonNull(status, "status is null");
      reconciledDays = List.copyOf(reconciledDays);
      requireNonNull(billed, "billed is null");
      requireNonNull(reconciled, "reconciled is null");
      requireNonNull(unattributed, "unattributed is null");
      sources = List.copyOf(sources);
    }

    /** Fully reconciled: the chargeback, not the estimate, is the month's amount. */
    boolean complete() {
      return status == ReconciliationStatus.TIED_OUT || status == ReconciliationStatus.MISMATCH;
    }
  }

  /**
   * One billed resource's unattributed amount over the month (docs/reports.md): the month's keys of
   * one {@code resource_id}, with the charges they were billed under.
   *
   * @param resourceId empty for the keys that name no resource (one source together)
   */
  record UnattributedSource(
      Optional<String> resourceId, List<UnattributedCharge> charges, BigDecimal amount) {
    UnattributedSource {
      requireNonNull(resourceId, "resourceId is null");
      charges = List.copyOf(requireNonNull(charges, "charges is null"));
      requireNonNull(amount, "amount is null");
    }
  }

  /** A charge of an unattributed source: its keys' kind, class and region. */
  record UnattributedCharge(String chargeKind, String trafficClass, Optional<String> region) {
    UnattributedCharge {
      requireNonNull(chargeKind, "chargeKind is null");
      requireNonNull(trafficClass, "trafficClass is null");
      requireNonNull(region, "region is null");
    }
  }
}
