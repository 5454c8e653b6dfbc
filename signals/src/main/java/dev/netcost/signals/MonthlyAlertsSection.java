package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The egress-signals section of the monthly report: active alerts per team and severity, the number
 * suppressed, and every high or critical alert as a line. Built from the month's egress_alerts rows
 * ({@link EgressSignals#readAlerts}).
 *
 * @param countsByTeam team to active-alert count per severity
 * @param notable the month's active high and critical alerts, oldest first, as report lines
 */
public record MonthlyAlertsSection(
    YearMonth month,
    Map<String, Map<Severity, Integer>> countsByTeam,
    int active,
    int suppressed,
    List<String> notable) {
  public MonthlyAlertsSection {
    requireNonNull(month, "month is null");
    countsByTeam = Map.copyOf(requireNonNull(countsByTeam, "countsByTeam is null"));
    notable = List.copyOf(requireNonNull(notable, "notable is null"));
  }

  public static MonthlyAlertsSection of(YearMonth month, List<Alert> alerts) {
    requireNonNull(month, "month is null");
    requireNonNull(alerts, "alerts is null");
    Map<String, Map<Severity, Integer>> counts = new TreeMap<>();
    List<Alert> notable = new ArrayList<>();
    int active = 0;
    int suppressed = 0;
    for (Alert alert : alerts) {
      if (!YearMonth.from(alert.date()).equals(month)) {
        throw new IllegalArgumentException(
            "Alert of " + alert.date() + " in the section of " + month + ": " + alert.alertId());
      }
      if (alert.suppressed()) {
        suppressed++;
        continue;
      }
      active++;
      counts
          .computeIfAbsent(alert.team(), team -> new EnumMap<>(Severity.class))
          .merge(alert.severity(), 1, Integer::sum);
      if (alert.severity().atLeast(Severity.HIGH)) {
        notable.add(alert);
      }
    }
    notable.sort(
        java.util.Comparator.comparing(Alert::date)
            .thenComparing(Alert::severity, java.util.Comparator.reverseOrder())
            .thenComparing(Alert::workload)
            .thenComparing(Alert::kind));
    List<String> lines = notable.stream().map(alert -> alert.date() + " " + alert.line()).toList();
    Map<String, Map<Severity, Integer>> frozen = new TreeMap<>();
    counts.forEach((team, bySeverity) -> frozen.put(team, Map.copyOf(bySeverity)));
    return new MonthlyAlertsSection(month, frozen, active, suppressed, lines);
  }

  /** Plain-text rendering: a table of counts per team, then the notable alerts. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(
        "Egress security signals, "
            + month
            + ": "
            + active
            + " active alert(s), "
            + suppressed
            + " suppressed");
    out.add(String.format("%-24s %8s %8s %8s %8s", "team", "critical", "high", "medium", "low"));
    new TreeMap<>(countsByTeam)
        .forEach(
            (team, bySeverity) ->
                out.add(
                    String.format(
                        "%-24s %8d %8d %8d %8d",
                        team,
                        bySeverity.getOrDefault(Severity.CRITICAL, 0),
                        bySeverity.getOrDefault(Severity.HIGH, 0),
                        bySeverity.getOrDefault(Severity.MEDIUM, 0),
                        bySeverity.getOrDefault(Severity.LOW, 0))));
    out.addAll(notable);
    return out;
  }
}
