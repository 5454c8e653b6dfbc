package dev.netcost.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.ObjectKeys;
import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.contract.Sentinels;
import dev.netcost.contract.SnapshotWriter;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.SharedSpark;
import dev.netcost.job.attribution.RunPricing;
import dev.netcost.pricing.PriceBook;
import dev.netcost.spark.StoreFiles;
import dev.netcost.store.LocalObjectStore;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same generated day run with the ownership intervals broadcast and with them joined in Spark
 * ({@code --max-broadcast-intervals 0}): every table, the quarantine and the run summary are the
 * same, row for row. Next to the generator's cluster (whose pods' addresses are reused by other
 * pods within the day, at hour boundaries), cluster {@code c} has an address that changes hands
 * within a flow row's window, an interval closed by a later snapshot, two pods holding one address
 * at once and a metadata row that breaks the contract.
 */
class BroadcastOrJoinTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-01");
  private static final Instant HOUR = Instant.parse("2026-11-01T05:00:00Z");
  private static final List<String> TABLES =
      List.of(Tables.NETWORK_FLOWS, Tables.CHARGEBACK_DAILY, InternetTiers.TABLE);

  @TempDir static Path store;
  private static SparkSession spark;

  @BeforeAll
  static void generate() throws IOException {
    spark = SharedSpark.get();
    LocalObjectStore objects = new LocalObjectStore(store);
    new ClusterGenerator(new ClusterGenerator.Options("demo", DAY, 1, 7L, 1), PriceBook.bundled())
        .generate(objects);

    // cluster c: a-1 holds 10.1.0.9 until 05:30 (the 06:00 snapshot closed the interval the 05:00
    // one had open), b-1 from then on; d-1 and e-1 hold 10.1.0.10 at once from 05:10 to 05:20
    OwnershipInterval node = node();
    OwnershipInterval d = pod("10.1.0.10", "uid-d", "d-1", "shop-team", HOUR, null);
    OwnershipInterval e = pod("10.1.0.10", "uid-e", "e-1", "shop-team", at(10), at(20));
    objects.createOrOverwrite(
        ObjectKeys.metadataSnapshot("c", HOUR, 0),
        SnapshotWriter.writeMetadata(
            List.of(
                node,
                pod("10.1.0.9", "uid-a", "a-1", "shop-team", HOUR.minusSeconds(3600), null),
                d,
                e),
            "test"));
    objects.createOrOverwrite(
        ObjectKeys.metadataSnapshot("c", HOUR.plusSeconds(3600), 0),
        SnapshotWriter.writeMetadata(
            List.of(
                node,
                pod("10.1.0.9", "uid-a", "a-1", "shop-team", HOUR.minusSeconds(3600), at(30)),
                pod("10.1.0.9", "uid-b", "b-1", "web-team", at(30), null),
                d),
            "test"));
    // a broken metadata writer: a row without a team next to a good one
    RawSnapshots.writeMetadata(
        store.resolve(ObjectKeys.metadataSnapshot("c", HOUR.plusSeconds(7200), 0)),
        List.of(
            new Object[] {
              "c",
              "10.0.0.1",
              "node",
              "uid-n1",
              null,
              null,
              "Node",
              "n1",
              Sentinels.UNASSIGNED_TEAM,
              "{}",
              "n1",
              "us-east-1a",
              "us-east-1",
              null,
              null,
              HOUR.minusSeconds(86_400),
              null
            },
            new Object[] {
              "c",
              "10.1.0.11",
              "pod",
              "uid-f",
              "shop",
              "f-1",
              "Deployment",
              "f",
              "",
              "{}",
              "n1",
              "us-east-1a",
              "us-east-1",
              null,
              null,
              HOUR,
              null
            }));
    objects.createOrOverwrite(
        ObjectKeys.flowSnapshot("c", "n1", HOUR, 0),
        SnapshotWriter.writeFlows(
            List.of(
                NightlyJobTest.flow("n1", HOUR, "10.0.0.1", "10.1.0.9", 3_600_000L),
                NightlyJobTest.flow("n1", HOUR, "10.1.0.10", "10.0.0.1", 7_200L)),
            "test"));
  }

  @Test
  void broadcastAndJoinedIntervalsGiveTheSameTablesQuarantineAndSummary() throws IOException {
    NightlyJob.Config config =
        new NightlyJob.Config(
            store.toUri().toString(),
            DAY,
            "aws",
            List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
            RunPricing.defaults(),
            "USD",
            false);

    NightlyJob.Summary broadcast = NightlyJob.run(spark, config);
    Map<String, List<String>> broadcastOutput = output();
    NightlyJob.Summary joined = NightlyJob.run(spark, config.withMaxBroadcastIntervals(0));
    Map<String, List<String>> joinedOutput = output();

    assertThat(broadcast.ownersJoined()).isFalse();
    assertThat(joined.ownersJoined()).isTrue();
    assertThat(comparable(joined)).isEqualTo(comparable(broadcast));
    assertThat(joinedOutput.keySet()).isEqualTo(broadcastOutput.keySet());
    for (String table : broadcastOutput.keySet()) {
      assertThat(joinedOutput.get(table)).as(table).isEqualTo(broadcastOutput.get(table));
    }

    // what the comparison covers: a split row, a conflict, a rejected metadata row
    assertThat(joined.metadataRowsRejected()).isEqualTo(1);
    assertThat(joined.rowsQuarantined()).isZero();
    assertThat(joinedOutput.get("quarantine"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("row,")
                    .endsWith("/20261101T070000Z-0000.parquet,1,,metadata: team is empty"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(
                        "conflict,,,ip,ownership conflict: 10.1.0.10 of cluster c held by pod"
                            + " shop/d-1 (uid uid-d) and pod shop/e-1 (uid uid-e)"));
    assertThat(joinedOutput.get("run_log"))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("ownership_conflicts=1"));
    List<Row> split =
        spark
            .read()
            .parquet(store.resolve("tables/network_flows/date=" + DAY).toString())
            .filter("cluster = 'c' and peer_ip = '10.1.0.9'")
            .orderBy("peer_pod")
            .collectAsList();
    assertThat(split)
        .extracting(row -> row.getAs("peer_pod") + " " + row.getAs("sent_bytes"))
        .containsExactly("a-1 1800000", "b-1 1800000");
    assertThat(split).allSatisfy(row -> assertThat(row.<Boolean>getAs("split")).isTrue());
    // the generator's pods reuse addresses within the day (at hour boundaries: no split rows)
    assertThat(
            spark
                .read()
                .parquet(store.resolve("tables/network_flows/date=" + DAY).toString())
                .filter("cluster = 'demo' and local_kind = 'pod'")
                .groupBy("local_ip")
                .agg(org.apache.spark.sql.functions.countDistinct("pod").as("pods"))
                .filter("pods > 1")
                .count())
        .isPositive();
  }

  /** Every output table of the date as sorted row texts; run_log as the latest run's row. */
  private static Map<String, List<String>> output() throws IOException {
    StoreFiles files = StoreFiles.open(spark, store.toUri().toString());
    Map<String, List<String>> output = new LinkedHashMap<>();
    for (String table : TABLES) {
      List<String> rows = new ArrayList<>();
      String[] paths =
          files.committedFiles(table, DAY).stream().map(Object::toString).toArray(String[]::new);
      assertThat(paths).as(table).isNotEmpty();
      for (Row row : spark.read().parquet(paths).collectAsList()) {
        rows.add(row.toString());
      }
      rows.sort(null);
      output.put(table, rows);
    }
    List<String> quarantine = new ArrayList<>();
    for (Path csv :
        files.committedFiles("quarantine", DAY).stream()
            .map(p -> StoreFiles.localPath(p).orElseThrow())
            .toList()) {
      quarantine.addAll(Files.readAllLines(csv));
    }
    quarantine.sort(null);
    output.put("quarantine", quarantine);
    String[] runLog =
        files.committedFiles(Tables.RUN_LOG, DAY).stream()
            .map(Object::toString)
            .toArray(String[]::new);
    Row latest =
        spark
            .read()
            .parquet(runLog)
            .orderBy(org.apache.spark.sql.functions.desc("started_at"))
            .first();
    List<String> fields = new ArrayList<>();
    for (String name : latest.schema().fieldNames()) {
      if (!List.of("run_id", "started_at", "finished_at").contains(name)) {
        fields.add(name + "=" + latest.getAs(name));
      }
    }
    output.put("run_log", List.of(String.join(", ", fields)));
    return output;
  }

  /** A summary's components but the run id and the mode. */
  private static List<Object> comparable(NightlyJob.Summary summary) {
    List<Object> values = new ArrayList<>();
    for (RecordComponent component : NightlyJob.Summary.class.getRecordComponents()) {
      if (component.getName().equals("runId") || component.getName().equals("ownersJoined")) {
        continue;
      }
      try {
        values.add(component.getName() + "=" + component.getAccessor().invoke(summary));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return values;
  }

  private static Instant at(int minute) {
    return HOUR.plusSeconds(60L * minute);
  }

  private static OwnershipInterval node() {
    return new OwnershipInterval(
        "c",
        "10.0.0.1",
        OwnerKind.NODE,
        "uid-n1",
        Optional.empty(),
        Optional.empty(),
        "Node",
        "n1",
        Sentinels.UNASSIGNED_TEAM,
        "{}",
        Optional.of("n1"),
        Optional.of("us-east-1a"),
        Optional.of("us-east-1"),
        Optional.empty(),
        Optional.empty(),
        HOUR.minusSeconds(86_400),
        Optional.empty());
  }

  private static OwnershipInterval pod(
      String ip, String uid, String name, String team, Instant from, Instant to) {
    return new OwnershipInterval(
        "c",
        ip,
        OwnerKind.POD,
        uid,
        Optional.of("shop"),
        Optional.of(name),
        "Deployment",
        name.substring(0, 1),
        team,
        "{}",
        Optional.of("n1"),
        Optional.of("us-east-1b"),
        Optional.of("us-east-1"),
        Optional.empty(),
        Optional.empty(),
        from,
        Optional.ofNullable(to));
  }
}
