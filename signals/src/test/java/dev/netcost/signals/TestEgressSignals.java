package dev.netcost.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The origin story over 16 days of literal network_flows rows: normal traffic on days 1-4, the
 * frontend pod starts a steady stream to a new country (Brazil, 192.0.2.0/24 in the test's MaxMind
 * database) on day 5; day 10 has no network_flows partition.
 */
class TestEgressSignals {
  private static final LocalDate DAY_1 = LocalDate.parse("2026-11-01");
  private static final int DAYS = 16;
  private static final LocalDate MISSING = DAY_1.plusDays(9);
  private static final NetworkFlowsRows.Pod API =
      new NetworkFlowsRows.Pod("shop", "api", "api-7d9f-abcde", "10.1.0.5", "payments");
  private static final NetworkFlowsRows.Pod DB =
      new NetworkFlowsRows.Pod("shop", "db", "db-0", "10.1.0.9", "payments");
  private static final NetworkFlowsRows.Pod FRONTEND =
      new NetworkFlowsRows.Pod("web", "frontend", "frontend-5c6b-xyz12", "10.1.0.7", "storefront");

  @TempDir static Path work;
  private static SparkSession spark;
  private static RecordingServer webhook;

  @BeforeAll
  static void writeFlows() {
    spark = SharedSpark.session();
    DemoGeoDatabases.write(work.resolve("geo"));
    for (int day = 1; day <= DAYS; day++) {
      LocalDate date = DAY_1.plusDays(day - 1);
      if (date.equals(MISSING)) {
        continue;
      }
      NetworkFlowsRows rows = new NetworkFlowsRows();
      for (int hour : new int[] {0, 8, 16}) {
        rows.internet(
            API,
            NetworkFlowsRows.at(date, hour),
            "198.51.100.10",
            443,
            "outbound",
            20_000_000 + day * 1000L,
            90_000_000);
        rows.internet(
            API,
            NetworkFlowsRows.at(date, hour),
            "203.0.113.5",
            443,
            "outbound",
            1_000_000,
            2_000_000);
        rows.internet(
            FRONTEND,
            NetworkFlowsRows.at(date, hour),
            "198.51.100.20",
            443,
            "outbound",
            5_000_000,
            8_000_000);
        // a browser in Brazil is a client of ours, not a destination: never an alert
        rows.internet(
            FRONTEND,
            NetworkFlowsRows.at(date, hour),
            "192.0.2.200",
            443,
            "inbound",
            300_000,
            20_000);
        rows.sameZone(API, DB, NetworkFlowsRows.at(date, hour), 5432, 3_000_000, 40_000_000);
        if (day >= 5 && hour >= 8) {
          // the miner starts at 08:00 on day 5: a steady stream to a country never reached before
          rows.internet(
              FRONTEND,
              NetworkFlowsRows.at(date, hour),
              "192.0.2.66",
              443,
              "outbound",
              4_000_000,
              1_500_000);
        }
      }
      rows.write(spark, work.resolve("store"), date);
    }
  }

  private static SignalsConfig config(String extra) {
    return SignalsConfig.parse(
        "geoip.country_database = "
            + work.resolve("geo/demo-country.mmdb")
            + "\n"
            + "geoip.asn_database = "
            + work.resolve("geo/demo-asn.mmdb")
            + "\n"
            + extra,
        "test config");
  }

  private static String store() {
    return work.resolve("store").toUri().toString();
  }

  @Test
  void originStoryAlertFiresOnDayFiveOnlyAndIsIdempotent() throws Exception {
    try (RecordingServer server = new RecordingServer()) {
      SignalsConfig config =
          config(
              "webhook.url = "
                  + server.url("/services/T1/B2/secret")
                  + "\n"
                  + "webhook.format = slack\n"
                  + "webhook.min_severity = high\n");
      List<SignalsResult> results = new ArrayList<>();
      for (int day = 1; day <= DAYS; day++) {
        LocalDate date = DAY_1.plusDays(day - 1);
        if (date.equals(MISSING)) {
          assertThatThrownBy(() -> EgressSignals.run(spark, store(), date, config))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageStartingWith("network_flows has no partition for 2026-11-10: ");
          continue;
        }
        SignalsResult result = EgressSignals.run(spark, store(), date, config);
        results.add(result);
        if (day == 5) {
          assertThat(result.alerts()).hasSize(1);
          Alert alert = result.alerts().get(0);
          assertThat(alert.kind()).isEqualTo(AlertKind.NEW_DESTINATION_COUNTRY);
          assertThat(alert.workload())
              .isEqualTo(new WorkloadId("prod", "web", "Deployment", "frontend"));
          assertThat(alert.team()).isEqualTo("storefront");
          assertThat(alert.countryCode()).isEqualTo("BR");
          assertThat(alert.egressBytes()).isEqualTo(8_000_000L);
          assertThat(alert.ingressBytes()).isEqualTo(3_000_000L);
          assertThat(alert.firstSeen()).isEqualTo(NetworkFlowsRows.at(date, 8));
        } else {
          assertThat(result.alerts()).as("alerts of day %d", day).isEmpty();
        }
      }

      SignalsResult day5 = results.get(4);
      assertThat(day5.summary())
          .containsExactly(
              "egress signals 2026-11-05: 1 alert(s) (1 high), 0 suppressed; 2 workload(s) with internet traffic, 0 in warm-up (< 3 days)",
              "baseline 2026-10-22..2026-11-04: 4 of 14 days present; missing network_flows for 2026-10-22..2026-10-31",
              "first-seen state: snapshot of 2026-11-04",
              "  HIGH new_destination_country prod/web/Deployment/frontend (team storefront): first traffic to"
                  + " country BR: sent 7.6 MiB, received 2.9 MiB; top destination 192.0.2.66 tcp/443 BR"
                  + " AS64502 Example Pool",
              "webhook: delivered 1 alert(s) as slack to http://127.0.0.1:"
                  + server.url("/").getPort()
                  + "/…");
      assertThat(results.get(0).summary().get(2))
          .isEqualTo(
              "first-seen state: no earlier snapshot, rebuilt from 0 day(s) of network_flows");
      assertThat(results.get(0).summary().get(0)).endsWith("2 in warm-up (< 3 days)");
      // day 12 (index 10): the gap of day 10 is named, state comes from day 11's snapshot
      assertThat(results.get(10).summary().get(1))
          .isEqualTo(
              "baseline 2026-10-29..2026-11-11: 10 of 14 days present; missing network_flows for"
                  + " 2026-10-29..2026-10-31, 2026-11-10");
      assertThat(results.get(9).summary().get(2))
          .isEqualTo("first-seen state: snapshot of 2026-11-09");

      // the webhook was called exactly once, on day 5, Slack-shaped
      assertThat(server.requests).hasSize(1);
      assertThat(server.requests.get(0).path()).isEqualTo("/services/T1/B2/secret");
      assertThat(server.requests.get(0).body())
          .startsWith(
              "{\"text\":\"*netcost egress signals 2026-11-05*: 1 alert\\n• HIGH new_destination_country prod/web/Deployment/frontend");

      // the table
      LocalDate date5 = DAY_1.plusDays(4);
      List<Row> rows = readAlerts(date5);
      assertThat(rows).hasSize(1);
      Row row = rows.get(0);
      assertThat(row.<String>getAs("alert_id")).isEqualTo(day5.alerts().get(0).alertId());
      assertThat(row.<String>getAs("severity")).isEqualTo("high");
      assertThat(row.<String>getAs("kind")).isEqualTo("new_destination_country");
      assertThat(row.<String>getAs("namespace")).isEqualTo("web");
      assertThat(row.<String>getAs("workload_kind")).isEqualTo("Deployment");
      assertThat(row.<String>getAs("workload")).isEqualTo("frontend");
      assertThat(row.<String>getAs("destination_ip")).isEqualTo("192.0.2.66");
      assertThat(row.<String>getAs("destination_prefix")).isEqualTo("192.0.2.0/24");
      assertThat(row.<Integer>getAs("destination_port")).isEqualTo(443);
      assertThat(row.<String>getAs("country_code")).isEqualTo("BR");
      assertThat(row.<Long>getAs("asn")).isEqualTo(64502L);
      assertThat(row.<String>getAs("asn_organization")).isEqualTo("Example Pool");
      assertThat(row.<Long>getAs("egress_bytes")).isEqualTo(8_000_000L);
      assertThat(row.<Long>getAs("ingress_bytes")).isEqualTo(3_000_000L);
      assertThat(row.<Long>getAs("connections")).isEqualTo(4L);
      // the job's session reads timestamps as java.time values (SparkSessions)
      assertThat(row.<Instant>getAs("first_seen")).isEqualTo(NetworkFlowsRows.at(date5, 8));
      assertThat(row.<Boolean>getAs("suppressed")).isFalse();
      assertThat(readAlerts(DAY_1.plusDays(3))).isEmpty();
      assertTimestampMicros(work.resolve("store/tables/egress_alerts/date=2026-11-05"));
      assertTimestampMicros(work.resolve("store/tables/egress_destinations_seen/date=2026-11-05"));

      // the monthly report reads the same alerts back
      List<Alert> month = EgressSignals.readAlerts(spark, store(), DAY_1, DAY_1.plusDays(29));
      assertThat(month).isEqualTo(day5.alerts());
      assertThat(MonthlyAlertsSection.of(java.time.YearMonth.of(2026, 11), month).lines())
          .containsExactly(
              "Egress security signals, 2026-11: 1 active alert(s), 0 suppressed",
              "team                     critical     high   medium      low",
              "storefront                      0        1        0        0",
              "2026-11-05 " + day5.alerts().get(0).line());

      // idempotent: re-running day 5 (with later snapshots present) gives the same rows
      SignalsResult again = EgressSignals.run(spark, store(), date5, config(""));
      assertThat(again.alerts()).isEqualTo(day5.alerts());
      assertThat(readAlerts(date5)).isEqualTo(rows);

      // and so does rebuilding the state from network_flows alone, without any snapshot: the
      // snapshots' files and the commits that list them are gone
      deleteRecursively(work.resolve("store/tables/egress_destinations_seen"));
      deleteRecursively(work.resolve("store/tables/_commits"));
      SignalsResult rebuilt = EgressSignals.run(spark, store(), date5, config(""));
      assertThat(rebuilt.alerts()).isEqualTo(day5.alerts());
      assertThat(rebuilt.summary().get(2))
          .isEqualTo(
              "first-seen state: no earlier snapshot, rebuilt from 4 day(s) of network_flows");
    }
  }

  @Test
  void withoutGeoDatabasesTheSummarySaysSoAndThePrefixAlerts() throws Exception {
    Path store = work.resolve("store-nogeo");
    for (int day = 1; day <= 5; day++) {
      LocalDate date = DAY_1.plusDays(day - 1);
      NetworkFlowsRows rows = new NetworkFlowsRows();
      rows.internet(
          API, NetworkFlowsRows.at(date, 1), "198.51.100.10", 443, "outbound", 1000, 2000);
      if (day == 5) {
        rows.internet(API, NetworkFlowsRows.at(date, 2), "192.0.2.66", 443, "outbound", 3000, 4000);
        rows.internet(API, NetworkFlowsRows.at(date, 3), "192.0.2.70", 14444, "outbound", 500, 600);
        // bad rows are skipped and named; the good rows around them still count
        rows.internet(API, NetworkFlowsRows.at(date, 4), "999.0.2.1", 443, "outbound", 70, 80);
        rows.internet(
            new NetworkFlowsRows.Pod("shop", null, "orphan", "10.1.0.99", "payments"),
            NetworkFlowsRows.at(date, 4),
            "192.0.2.1",
            443,
            "outbound",
            70,
            80);
      }
      rows.write(spark, store, date);
    }
    SignalsResult result = null;
    for (int day = 1; day <= 5; day++) {
      result =
          EgressSignals.run(
              spark, store.toUri().toString(), DAY_1.plusDays(day - 1), SignalsConfig.defaults());
    }
    assertThat(result.alerts())
        .extracting(Alert::kind, Alert::subject, Alert::egressBytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertKind.MINING_POOL_PORT, "tcp/14444", 500L),
            org.assertj.core.groups.Tuple.tuple(
                AlertKind.NEW_DESTINATION_PREFIX, "192.0.2.0/24", 3500L));
    assertThat(result.summary())
        .contains("geo: no MaxMind databases configured; country and ASN signals are off");
    String file =
        onlyParquetFile(store.resolve("tables/network_flows/date=2026-11-05")).toUri().toString();
    assertThat(result.summary())
        .contains(
            "skipped 1 network_flows row(s) of 2026-11-05 with null cluster, namespace,"
                + " workload_kind, workload or window_start, e.g. in "
                + file,
            "skipped 1 internet flow group(s) in network_flows date=2026-11-05, e.g. in "
                + file
                + ": prod/shop/Deployment/api peer_ip 999.0.2.1: Invalid IP address: '999.0.2.1'");
  }

  /**
   * A state snapshot older than the baseline window (signals did not run for a week): the job
   * replays every network_flows day after the snapshot, so its state and alerts equal those of
   * running every day. The miner reached Brazil on days 3 and 4, so its return on day 8 is not new.
   */
  @Test
  void aSnapshotOlderThanTheBaselineReplaysEveryDayAfterIt() throws Exception {
    SignalsConfig config = config("baseline.days = 3\nspike.min_baseline_days = 2\n");
    Path daily = work.resolve("store-daily");
    Path gap = work.resolve("store-gap");
    for (int day = 1; day <= 8; day++) {
      LocalDate date = DAY_1.plusDays(day - 1);
      NetworkFlowsRows rows = new NetworkFlowsRows();
      rows.internet(
          FRONTEND, NetworkFlowsRows.at(date, 1), "198.51.100.20", 443, "outbound", 5000, 8000);
      if (day == 3 || day == 4 || day == 8) {
        rows.internet(
            FRONTEND, NetworkFlowsRows.at(date, 8), "192.0.2.66", 443, "outbound", 4000, 1500);
      }
      rows.write(spark, daily, date);
      rows.write(spark, gap, date);
    }
    LocalDate day8 = DAY_1.plusDays(7);
    SignalsResult everyDay = null;
    for (int day = 1; day <= 8; day++) {
      everyDay =
          EgressSignals.run(spark, daily.toUri().toString(), DAY_1.plusDays(day - 1), config);
    }
    EgressSignals.run(spark, gap.toUri().toString(), DAY_1, config);
    SignalsResult afterGap = EgressSignals.run(spark, gap.toUri().toString(), day8, config);

    assertThat(afterGap.summary())
        .contains("first-seen state: snapshot of 2026-11-01 plus 6 replayed day(s)");
    assertThat(afterGap.alerts()).isEmpty();
    assertThat(afterGap.alerts()).isEqualTo(everyDay.alerts());
    List<String> state = state(gap, day8);
    assertThat(state).isEqualTo(state(daily, day8));
    // the miner's keys first seen on day 3 at 08:00, seen on days 3, 4 and 8; the rest every day
    String day1 = "|2026-11-01T01:00:00Z|2026-11-08|8";
    String day3 = "|2026-11-03T08:00:00Z|2026-11-08|3";
    String frontend = "prod|web|Deployment|frontend|";
    assertThat(state)
        .containsExactly(
            frontend + "asn|64500" + day1,
            frontend + "asn|64502" + day3,
            frontend + "country|BR" + day3,
            frontend + "country|US" + day1,
            frontend + "network|192.0.0.0/16" + day3,
            frontend + "network|198.51.0.0/16" + day1,
            frontend + "port|tcp/443" + day1,
            frontend + "prefix|192.0.2.0/24" + day3,
            frontend + "prefix|198.51.100.0/24" + day1,
            frontend + "workload|" + day1);
  }

  /** A date's first-seen snapshot as sorted text rows (first_seen as an instant). */
  private static List<String> state(Path store, LocalDate date) {
    List<String> rows = new ArrayList<>();
    for (Row row :
        spark
            .read()
            .parquet(store.resolve("tables/egress_destinations_seen/date=" + date).toString())
            .collectAsList()) {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        fields.add(String.valueOf(row.get(i)));
      }
      rows.add(String.join("|", fields));
    }
    rows.sort(null);
    return rows;
  }

  private static List<Row> readAlerts(LocalDate date) {
    return spark
        .read()
        .parquet(work.resolve("store/tables/egress_alerts/date=" + date).toString())
        .collectAsList();
  }

  private static void assertTimestampMicros(Path directory) throws Exception {
    Path file;
    try (Stream<Path> files = Files.list(directory)) {
      file = files.filter(path -> path.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      PrimitiveType firstSeen =
          reader.getFooter().getFileMetaData().getSchema().getType("first_seen").asPrimitiveType();
      assertThat(firstSeen.getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.INT64);
      assertThat(firstSeen.getLogicalTypeAnnotation())
          .isEqualTo(
              LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
    }
  }

  private static Path onlyParquetFile(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(path -> path.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  private static void deleteRecursively(Path directory) throws Exception {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
