package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.IpPrefix;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.demo.GroundTruth;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.pricing.PriceBook;
import dev.netcost.report.MonthlyReport;
import dev.netcost.report.ReportOptions;
import dev.netcost.report.ReportResult;
import dev.netcost.signals.Alert;
import dev.netcost.signals.DemoGeoDatabases;
import dev.netcost.signals.EgressSignals;
import dev.netcost.signals.SignalsConfig;
import dev.netcost.store.LocalObjectStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole night, as the demo runs it: generated snapshots → nightly job → egress signals →
 * monthly report. The origin story is in the generated data: from day 5 an analytics pod streams to
 * a mining pool in a country with no users.
 */
class EndToEndTest {
  private static final LocalDate FIRST = LocalDate.parse("2026-11-01");

  @Test
  void theMinerIsFlaggedOnDayFiveOnlyAndTheReportTiesOutToTheGroundTruth(@TempDir Path store)
      throws Exception {
    SparkSession spark = SharedSpark.get();
    GroundTruth truth =
        new ClusterGenerator(
                new ClusterGenerator.Options("demo", FIRST, 5, 11L, 2), PriceBook.bundled())
            .generate(new LocalObjectStore(store))
            .truth();
    Path geo = store.resolve("geoip");
    DemoGeoDatabases.write(geo);
    SignalsConfig signals =
        SignalsConfig.parse(
            "geoip.country_database = "
                + geo.resolve("demo-country.mmdb")
                + "\n"
                + "geoip.asn_database = "
                + geo.resolve("demo-asn.mmdb")
                + "\n",
            "test");
    String root = store.toUri().toString();
    List<List<Alert>> alertsByDay = new ArrayList<>();
    for (int d = 0; d < 5; d++) {
      LocalDate date = FIRST.plusDays(d);
      NightlyJob.run(
          spark,
          new NightlyJob.Config(
              root,
              date,
              "aws",
              List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
              dev.netcost.job.attribution.RunPricing.defaults(),
              "USD",
              false));
      alertsByDay.add(EgressSignals.run(spark, root, date, signals).activeAlerts());
    }

    assertThat(alertsByDay.subList(0, 4)).allSatisfy(alerts -> assertThat(alerts).isEmpty());
    assertThat(alertsByDay.get(4))
        .isNotEmpty()
        .allSatisfy(
            alert -> {
              assertThat(alert.line()).contains("analytics");
              assertThat(alert.line()).contains("trino");
              assertThat(alert.destinationIp()).isEqualTo("192.0.2.66");
            })
        .anySatisfy(alert -> assertThat(alert.countryCode()).isEqualTo("BR"));

    // a fixed clock after the month: every day without data is a missing day
    ReportResult report =
        MonthlyReport.run(
            spark,
            root,
            YearMonth.of(2026, 11),
            new ReportOptions(
                Clock.fixed(Instant.parse("2026-12-02T07:00:00Z"), ZoneOffset.UTC),
                Optional.empty(),
                ReportOptions.Pdf.SKIP));
    BigDecimal expected =
        truth.lines().stream()
            .map(GroundTruth.Line::cost)
            .filter(Objects::nonNull)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(report.totalCost()).isEqualByComparingTo(expected);
    assertThat(report.missingDays()).hasSize(25).startsWith(LocalDate.parse("2026-11-06"));
    assertThat(report.teamCosts().keySet())
        .contains("payments", "search", "web", "data", "platform", "__unassigned__");
  }
}
