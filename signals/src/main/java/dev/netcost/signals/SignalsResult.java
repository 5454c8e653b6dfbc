package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * What one nightly signals run found.
 *
 * @param alerts every alert written to egress_alerts for the date, suppressed ones included
 * @param summary lines for the nightly run's output
 */
public record SignalsResult(LocalDate date, List<Alert> alerts, List<String> summary) {
  public SignalsResult {
    requireNonNull(date, "date is null");
    alerts = List.copyOf(requireNonNull(alerts, "alerts is null"));
    summary = List.copyOf(requireNonNull(summary, "summary is null"));
  }

  /** Alerts not suppressed. */
  public List<Alert> activeAlerts() {
    return alerts.stream().filter(alert -> !alert.suppressed()).toList();
  }
}
