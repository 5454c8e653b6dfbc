package dev.netcost.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestMonthlyAlertsSection {
  private static Alert alert(
      String date, Severity severity, AlertKind kind, String team, boolean suppressed) {
    LocalDate day = LocalDate.parse(date);
    return new Alert(
        day,
        severity,
        kind,
        new WorkloadId("prod", "ns", "Deployment", "app-" + team),
        team,
        "s",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        10,
        20,
        1,
        null,
        null,
        day.atStartOfDay().toInstant(ZoneOffset.UTC),
        "msg " + kind.wireName(),
        suppressed,
        suppressed ? "known" : null);
  }

  @Test
  void countsActiveAlertsPerTeamAndListsHighAndCritical() {
    MonthlyAlertsSection section =
        MonthlyAlertsSection.of(
            YearMonth.of(2026, 11),
            List.of(
                alert("2026-11-09", Severity.HIGH, AlertKind.NEW_DESTINATION_COUNTRY, "web", false),
                alert("2026-11-02", Severity.CRITICAL, AlertKind.MINING_POOL_PORT, "batch", false),
                alert("2026-11-02", Severity.LOW, AlertKind.NEW_PORT, "web", false),
                alert("2026-11-03", Severity.MEDIUM, AlertKind.VOLUME_SPIKE, "web", true)));
    assertThat(section.active()).isEqualTo(3);
    assertThat(section.suppressed()).isEqualTo(1);
    assertThat(section.countsByTeam())
        .isEqualTo(
            Map.of(
                "batch", Map.of(Severity.CRITICAL, 1),
                "web", Map.of(Severity.HIGH, 1, Severity.LOW, 1)));
    assertThat(section.lines())
        .containsExactly(
            "Egress security signals, 2026-11: 3 active alert(s), 1 suppressed",
            "team                     critical     high   medium      low",
            "batch                           1        0        0        0",
            "web                             0        1        0        1",
            "2026-11-02 CRITICAL mining_pool_port prod/ns/Deployment/app-batch (team batch): msg mining_pool_port",
            "2026-11-09 HIGH new_destination_country prod/ns/Deployment/app-web (team web): msg new_destination_country");
  }

  @Test
  void rejectsAlertsOfAnotherMonth() {
    Alert october = alert("2026-10-31", Severity.LOW, AlertKind.NEW_PORT, "web", false);
    assertThatThrownBy(() -> MonthlyAlertsSection.of(YearMonth.of(2026, 11), List.of(october)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Alert of 2026-10-31 in the section of 2026-11: " + october.alertId());
  }
}
