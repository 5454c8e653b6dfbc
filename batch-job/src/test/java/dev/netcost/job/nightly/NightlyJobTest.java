package dev.netcost.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.contract.Direction;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.FlowRecord;
import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.NetcostException;
import dev.netcost.contract.ObjectKeys;
import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.contract.Protocol;
import dev.netcost.contract.Sentinels;
import dev.netcost.contract.SnapshotFormat;
import dev.netcost.contract.SnapshotWriter;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.demo.GroundTruth;
import dev.netcost.job.SharedSpark;
import dev.netcost.job.attribution.RunPricing;
import dev.netcost.pricing.PriceBook;
import dev.netcost.store.LocalObjectStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlyJobTest {
  private static final LocalDate DAY_1 = LocalDate.parse("2026-11-01");
  private static final LocalDate DAY_2 = LocalDate.parse("2026-11-02");

  @TempDir static Path generated;
  private static GroundTruth truth;
  private static SparkSession spark;

  @BeforeAll
  static void generate() throws IOException {
    spark = SharedSpark.get();
    ClusterGenerator generator =
        new ClusterGenerator(
            new ClusterGenerator.Options("demo", DAY_1, 2, 7L, 5), PriceBook.bundled());
    truth = generator.generate(new LocalObjectStore(generated)).truth();
  }

  private static NightlyJob.Config config(Path store, LocalDate date, boolean allowEmpty) {
    return new NightlyJob.Config(
        store.toUri().toString(),
        date,
        "aws",
        List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
        RunPricing.defaults(),
        "USD",
        allowEmpty);
  }

  @Test
  void chargebackEqualsTheGeneratorsGroundTruthToTheByteAndNanoDollar() {
    for (LocalDate date : List.of(DAY_1, DAY_2)) {
      NightlyJob.Summary summary = NightlyJob.run(spark, config(generated, date, false));
      assertThat(summary.rowsQuarantined()).isZero();
      assertThat(summary.rejectedFiles()).isEmpty();

      Map<String, String> expected = new TreeMap<>();
      for (GroundTruth.Line line : truth.lines(date)) {
        expected.put(
            String.join(
                "|",
                line.cluster(),
                line.team(),
                line.namespace(),
                line.workloadKind(),
                line.workload(),
                line.trafficClass().wireName()),
            line.egressBytes()
                + " "
                + line.ingressBytes()
                + " "
                + line.unpricedBytes()
                + " "
                + (line.cost() == null ? "null" : line.cost().toPlainString()));
      }
      Map<String, String> actual = new TreeMap<>();
      for (Row row :
          spark
              .read()
              .parquet(generated.resolve("tables/chargeback_daily/date=" + date).toString())
              .collectAsList()) {
        BigDecimal cost = row.getAs("cost");
        actual.put(
            String.join(
                "|",
                row.<String>getAs("cluster"),
                row.getAs("team"),
                row.getAs("namespace"),
                row.getAs("workload_kind"),
                row.getAs("workload"),
                row.getAs("traffic_class")),
            row.<Long>getAs("egress_bytes")
                + " "
                + row.<Long>getAs("ingress_bytes")
                + " "
                + row.<Long>getAs("unpriced_bytes")
                + " "
                + (cost == null ? "null" : cost.toPlainString()));
      }
      assertThat(actual).isEqualTo(expected);
      // every team, namespace and class of the generated cluster is there
      assertThat(actual.keySet())
          .anyMatch(k -> k.contains("|payments|payments-batch|CronJob|settle|"));
      assertThat(actual.keySet()).anyMatch(k -> k.startsWith("demo|__unassigned__|__node__|Node|"));
      assertThat(actual.keySet()).anyMatch(k -> k.endsWith("|cross_region"));
      assertThat(actual.keySet()).anyMatch(k -> k.endsWith("|private"));
      assertThat(actual)
          .anySatisfy((k, v) -> assertThat(k.endsWith("|unknown") && v.endsWith(" null")).isTrue());
    }
  }

  @Test
  void rerunningADateLeavesByteIdenticalTablesAndTouchesNoOtherDate() throws Exception {
    NightlyJob.run(spark, config(generated, DAY_1, false));
    NightlyJob.run(spark, config(generated, DAY_2, false));
    Map<String, String> before = digests(generated.resolve("tables"));
    NightlyJob.run(spark, config(generated, DAY_2, false));
    Map<String, String> after = digests(generated.resolve("tables"));
    // file names are content-addressed (part-NNNNN-<sha256 prefix>): same input, same names
    Map<String, String> tablesBefore = new TreeMap<>(before);
    Map<String, String> tablesAfter = new TreeMap<>(after);
    tablesBefore.keySet().removeIf(file -> file.startsWith("run_log/"));
    tablesAfter.keySet().removeIf(file -> file.startsWith("run_log/"));
    assertThat(tablesAfter).isEqualTo(tablesBefore);
    assertThat(after.keySet())
        .anyMatch(
            f ->
                f.matches("network_flows/date=2026-11-02/part-00000-[0-9a-f]{16}\\.zstd\\.parquet"))
        .anyMatch(
            f ->
                f.matches(
                    "chargeback_daily/date=2026-11-01/part-00000-[0-9a-f]{16}\\.zstd\\.parquet"));
    // run_log keeps every attempt: the re-run added one file to day 2 and none to day 1
    List<String> day2Before =
        before.keySet().stream().filter(f -> f.startsWith("run_log/date=2026-11-02/")).toList();
    assertThat(after.keySet().stream().filter(f -> f.startsWith("run_log/date=2026-11-02/")))
        .hasSize(day2Before.size() + 1)
        .containsAll(day2Before);
    assertThat(after.keySet().stream().filter(f -> f.startsWith("run_log/date=2026-11-01/")))
        .containsExactlyElementsOf(
            before.keySet().stream()
                .filter(f -> f.startsWith("run_log/date=2026-11-01/"))
                .toList());
    assertThat(Files.exists(generated.resolve("tables/_staging"))).isFalse();
  }

  @Test
  void internetTiersGiveTheMonthsTierCorrectTotalWhateverOrderDaysAreRerunIn(@TempDir Path store)
      throws Exception {
    LocalDate day3 = DAY_1.plusDays(2);
    GroundTruth three =
        new ClusterGenerator(
                new ClusterGenerator.Options("demo", DAY_1, 3, 11L, 2), PriceBook.bundled())
            .generate(new LocalObjectStore(store))
            .truth();

    // a day whose month-to-date volume is not known yet is refused, not priced on a guess
    assertThatThrownBy(() -> NightlyJob.run(spark, config(store, day3, false)))
        .isInstanceOf(NetcostException.class)
        .hasMessage(
            "Internet egress tiers need the month-to-date volume: run the nightly job for"
                + " 2026-11-01 before 2026-11-03 (2026-11-01 has flow snapshots but no"
                + " tables/egress_volume_daily/date=2026-11-01)");

    for (LocalDate date : List.of(DAY_1, DAY_2, day3)) {
      NightlyJob.run(spark, config(store, date, false));
    }
    Map<String, String> inOrder = digests(store.resolve("tables"));
    // re-run day 2 and then day 1 after day 3
    NightlyJob.run(spark, config(store, DAY_2, false));
    NightlyJob.run(spark, config(store, DAY_1, false));
    Map<String, String> rerun = digests(store.resolve("tables"));
    inOrder.forEach(
        (file, digest) -> {
          if (!file.startsWith("run_log/")) {
            assertThat(rerun.get(file)).as(file).isEqualTo(digest);
          }
        });

    // the month's internet egress per region (the billing scope), from the generator's knowledge
    Map<String, Long> monthBytes = new TreeMap<>();
    for (LocalDate date : List.of(DAY_1, DAY_2, day3)) {
      three
          .internetEgressBytes(date)
          .forEach((region, b) -> monthBytes.merge(region, b, Long::sum));
    }
    assertThat(monthBytes.keySet()).containsExactly("us-east-1", "us-west-2");
    assertThat(monthBytes.get("us-east-1")).isGreaterThan(100L << 30);
    // AWS us-east-1 and us-west-2 internet egress: first 100 GiB of the month free, then $0.09 up
    // to 10 TiB (volumes here stay below 10 TiB)
    BigDecimal expected = BigDecimal.ZERO;
    for (long bytes : monthBytes.values()) {
      assertThat(bytes).isLessThan(10_240L << 30);
      BigDecimal billable =
          new BigDecimal(bytes)
              .divide(new BigDecimal(1L << 30))
              .subtract(BigDecimal.valueOf(100))
              .max(BigDecimal.ZERO);
      expected =
          expected.add(
              billable
                  .multiply(new BigDecimal("0.09"))
                  .setScale(9, java.math.RoundingMode.HALF_EVEN));
    }
    BigDecimal jobTotal = BigDecimal.ZERO;
    BigDecimal truthTotal = BigDecimal.ZERO;
    for (LocalDate date : List.of(DAY_1, DAY_2, day3)) {
      for (Row row :
          spark
              .read()
              .parquet(store.resolve("tables/chargeback_daily/date=" + date).toString())
              .filter("traffic_class = 'internet'")
              .collectAsList()) {
        BigDecimal cost = row.getAs("cost");
        jobTotal = jobTotal.add(cost);
      }
      for (GroundTruth.Line line : three.lines(date)) {
        if (line.trafficClass() == dev.netcost.pricing.TrafficClass.INTERNET) {
          truthTotal = truthTotal.add(line.cost());
        }
      }
      // the volume table holds what the generator sent to the internet per region
      Map<String, Long> volumes = new TreeMap<>();
      for (Row row :
          spark
              .read()
              .parquet(store.resolve("tables/egress_volume_daily/date=" + date).toString())
              .collectAsList()) {
        volumes.merge(row.getAs("region"), row.<Long>getAs("internet_egress_bytes"), Long::sum);
      }
      assertThat(volumes).isEqualTo(three.internetEgressBytes(date));
    }
    assertThat(expected.signum()).isPositive();
    assertThat(jobTotal).isEqualByComparingTo(expected);
    assertThat(truthTotal).isEqualByComparingTo(expected);
  }

  @Test
  void writesDecimalMoneyAndMicrosecondTimestampsWithoutInt96() {
    NightlyJob.run(spark, config(generated, DAY_1, false));
    var flows =
        spark.read().parquet(generated.resolve("tables/network_flows/date=2026-11-01").toString());
    assertThat(flows.schema().apply("cost").dataType().simpleString()).isEqualTo("decimal(38,9)");
    assertThat(flows.schema().apply("window_start").dataType().simpleString())
        .isEqualTo("timestamp");
    var chargeback =
        spark
            .read()
            .parquet(generated.resolve("tables/chargeback_daily/date=2026-11-01").toString());
    assertThat(chargeback.schema().apply("cost").dataType().simpleString())
        .isEqualTo("decimal(38,9)");
    // the estimate only: reconciliation writes its own tables
    assertThat(chargeback.schema().fieldNames()).doesNotContain("reconciled_cost");
  }

  @Test
  void networkFlowsWritesNearlyDistinctColumnsWithoutADictionary() throws Exception {
    NightlyJob.run(spark, config(generated, DAY_1, false));
    String files = generated.resolve("tables/network_flows/date=2026-11-01/*.parquet").toString();
    // every column chunk's encodings and physical type, as DuckDB reads them from the footers
    Map<String, String> encodings = new TreeMap<>();
    Map<String, String> types = new TreeMap<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet chunks =
            statement.executeQuery(
                "SELECT path_in_schema, string_agg(DISTINCT encodings, ' | '), any_value(type)"
                    + " FROM parquet_metadata('"
                    + files
                    + "') GROUP BY path_in_schema")) {
      while (chunks.next()) {
        encodings.put(chunks.getString(1), chunks.getString(2));
        types.put(chunks.getString(1), chunks.getString(3));
      }
    }
    assertThat(encodings).hasSize(Tables.NETWORK_FLOWS_SCHEMA.size());
    for (String distinct : List.of("peer_ip", "sent_bytes", "received_bytes")) {
      assertThat(encodings.get(distinct)).as(distinct).doesNotContain("DICTIONARY");
    }
    for (String repeated : List.of("cluster", "node", "namespace", "team", "traffic_class")) {
      assertThat(encodings.get(repeated)).as(repeated).contains("DICTIONARY");
    }
    assertThat(types)
        .containsEntry("window_start", "INT64")
        .containsEntry("cost", "FIXED_LEN_BYTE_ARRAY");
  }

  @Test
  void badInputIsQuarantinedWithReasonsAndEverythingElseIsProcessed(@TempDir Path store)
      throws Exception {
    LocalObjectStore objects = new LocalObjectStore(store);
    Instant hour = Instant.parse("2026-11-03T05:00:00Z");
    objects.createOrOverwrite(
        ObjectKeys.metadataSnapshot("c", hour, 0),
        SnapshotWriter.writeMetadata(
            List.of(
                node("10.0.0.1", "n1", "us-east-1a", "us-east-1"),
                node("10.0.0.2", "n2", "ap-east-9a", "ap-east-9")),
            "test"));
    FlowRecord good = flow("n1", hour, "10.0.0.1", "198.51.100.1", 1_073_741_824L);
    objects.createOrOverwrite(
        ObjectKeys.flowSnapshot("c", "n1", hour, 0),
        SnapshotWriter.writeFlows(List.of(good), "test"));
    // a node in a region the price sheet does not know: unpriced, not zero
    objects.createOrOverwrite(
        ObjectKeys.flowSnapshot("c", "n2", hour, 0),
        SnapshotWriter.writeFlows(
            List.of(flow("n2", hour, "10.0.0.2", "198.51.100.1", 5_000L)), "test"));
    // truncated in transit
    byte[] valid = SnapshotWriter.writeFlows(List.of(good), "test");
    objects.createOrOverwrite(
        ObjectKeys.flowSnapshot("c", "n1", hour.plusSeconds(3600), 0),
        java.util.Arrays.copyOf(valid, valid.length / 2));
    // from a future collector
    objects.createOrOverwrite(
        ObjectKeys.flowSnapshot("c", "n1", hour.plusSeconds(7200), 0), withVersion(valid, '9'));
    // a row with negative bytes next to a good row in the same file
    Path raw = store.resolve(ObjectKeys.flowSnapshot("c", "n1", hour.plusSeconds(10800), 0));
    RawSnapshots.writeFlows(
        raw,
        List.of(
            new Object[] {
              "c",
              "n1",
              hour.plusSeconds(10800),
              hour.plusSeconds(14400),
              "10.0.0.1",
              "198.51.100.2",
              null,
              null,
              "tcp",
              443,
              "outbound",
              109_521_666_048L,
              0L,
              1L,
              1L,
              1L
            },
            new Object[] {
              "c",
              "n1",
              hour.plusSeconds(10800),
              hour.plusSeconds(14400),
              "10.0.0.1",
              "198.51.100.3",
              null,
              null,
              "tcp",
              443,
              "outbound",
              -5L,
              0L,
              1L,
              1L,
              1L
            }));

    NightlyJob.Summary summary =
        NightlyJob.run(spark, config(store, LocalDate.parse("2026-11-03"), false));

    assertThat(summary.rejectedFiles())
        .extracting(RejectedFile::reason)
        .anySatisfy(reason -> assertThat(reason).startsWith("corrupt or truncated Parquet file"))
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .isEqualTo("unknown schema version 9 of flows (this job reads version 1)"));
    assertThat(summary.flowFiles()).isEqualTo(3);
    assertThat(summary.rowsQuarantined()).isEqualTo(1);
    assertThat(summary.rowsUnpriced()).isEqualTo(1);
    assertThat(summary.bytesUnpriced()).isEqualTo(5_000L);

    List<String> quarantine = Files.readAllLines(csv(store.resolve("quarantine/date=2026-11-03")));
    assertThat(quarantine.get(0)).isEqualTo("kind,file,row,field,reason");
    assertThat(quarantine)
        .anySatisfy(
            line ->
                assertThat(line)
                    .endsWith(
                        "/20261103T080000Z-0000.parquet,1,sent_bytes,sent_bytes is negative: -5"));
    assertThat(quarantine).hasSize(4);

    Map<String, String> costs = new TreeMap<>();
    for (Row row :
        spark
            .read()
            .parquet(store.resolve("tables/chargeback_daily/date=2026-11-03").toString())
            .collectAsList()) {
      BigDecimal cost = row.getAs("cost");
      costs.put(
          row.getAs("workload"),
          row.<Long>getAs("egress_bytes") + " " + row.<Long>getAs("unpriced_bytes") + " " + cost);
    }
    // 1 GiB + 102 GiB of internet egress from us-east-1 in the month: the first 100 GiB are free,
    // 3 GiB at $0.09; ap-east-9 has no price
    assertThat(costs)
        .containsExactly(
            Map.entry("n1", "110595407872 0 0.270000000"), Map.entry("n2", "5000 5000 null"));
    Row log =
        spark.read().parquet(store.resolve("tables/run_log/date=2026-11-03").toString()).first();
    assertThat(log.<Integer>getAs("files_quarantined")).isEqualTo(2);
    assertThat(log.<Long>getAs("rows_unpriced")).isEqualTo(1L);
  }

  @Test
  void aDateWithoutSnapshotsIsAUserErrorUnlessEmptyIsAllowed(@TempDir Path store) {
    assertThatThrownBy(
            () -> NightlyJob.run(spark, config(store, LocalDate.parse("2026-12-24"), false)))
        .isInstanceOf(NetcostException.class)
        .hasMessage(
            "No flow snapshots for 2026-12-24 under "
                + store.toUri()
                + "/flows/cluster=*/date=2026-12-24/"
                + " (pass --allow-empty to write empty tables for the date)")
        .satisfies(e -> assertThat(((NetcostException) e).kind()).isEqualTo(ErrorKind.USER));

    NightlyJob.Summary summary =
        NightlyJob.run(spark, config(store, LocalDate.parse("2026-12-24"), true));
    assertThat(summary.rowsWritten()).isZero();
    assertThat(
            spark
                .read()
                .parquet(store.resolve("tables/chargeback_daily/date=2026-12-24").toString())
                .count())
        .isZero();
  }

  private static OwnershipInterval node(String ip, String name, String zone, String region) {
    return new OwnershipInterval(
        "c",
        ip,
        OwnerKind.NODE,
        "uid-" + name,
        Optional.empty(),
        Optional.empty(),
        "Node",
        name,
        Sentinels.UNASSIGNED_TEAM,
        "{}",
        Optional.of(name),
        Optional.of(zone),
        Optional.of(region),
        Optional.empty(),
        Optional.empty(),
        Instant.parse("2026-10-01T00:00:00Z"),
        Optional.empty());
  }

  /**
   * A TCP flow row of cluster {@code c}: outbound to port 443, one connection, nothing received.
   */
  static FlowRecord flow(String node, Instant hour, String local, String peer, long sent) {
    return new FlowRecord(
        "c",
        node,
        hour,
        hour.plusSeconds(3600),
        local,
        peer,
        Optional.empty(),
        Optional.empty(),
        Protocol.TCP,
        443,
        Direction.OUTBOUND,
        sent,
        0,
        1,
        1,
        1);
  }

  /** The same snapshot with another footer version digit (the footer is not compressed). */
  private static byte[] withVersion(byte[] snapshot, char version) {
    byte[] key = SnapshotFormat.VERSION_KEY.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] copy = snapshot.clone();
    for (int i = copy.length - key.length; i >= 0; i--) {
      if (java.util.Arrays.equals(copy, i, i + key.length, key, 0, key.length)) {
        for (int j = i + key.length; j < copy.length; j++) {
          if (copy[j] == '1') {
            copy[j] = (byte) version;
            return copy;
          }
        }
      }
    }
    throw new AssertionError("version key not found");
  }

  private static Path csv(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
    }
  }

  private static Map<String, String> digests(Path root) throws Exception {
    Map<String, String> digests = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      // the commit log and the leases (tables/_commits, tables/_leases) hold run ids and times
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !root.relativize(f).toString().startsWith("_"))
              .toList()) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        digests.put(
            root.relativize(file).toString(),
            HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file))));
      }
    }
    return digests;
  }
}
