package dev.netcost.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.NetcostException;
import dev.netcost.contract.ObjectKeys;
import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.contract.SnapshotWriter;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.SharedSpark;
import dev.netcost.job.attribution.RunPricing;
import dev.netcost.pricing.PriceBook;
import dev.netcost.spark.StoreFiles;
import dev.netcost.store.LocalObjectStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged snapshots, days that look worse than the previous ones, and rows no link could carry: the
 * file or row is set aside with its reason, or the day is refused, and good tables stay.
 */
class SuspiciousInputTest {
  private static final LocalDate DAY_1 = LocalDate.parse("2026-11-01");
  private static final LocalDate DAY_2 = LocalDate.parse("2026-11-02");

  @TempDir static Path work;
  private static Path generated;
  private static SparkSession spark;

  @BeforeAll
  static void generate() throws IOException {
    spark = SharedSpark.get();
    generated = work.resolve("generated");
    new ClusterGenerator(new ClusterGenerator.Options("demo", DAY_1, 2, 7L, 1), PriceBook.bundled())
        .generate(new LocalObjectStore(generated));
  }

  private static NightlyJob.Config config(Path store, LocalDate date, boolean allowPartial) {
    return new NightlyJob.Config(
        store.toUri().toString(),
        date,
        "aws",
        List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
        RunPricing.defaults(),
        "USD",
        false,
        allowPartial,
        NightlyJob.Config.DEFAULT_MAX_RESOLVED_DROP);
  }

  @Test
  void aDamagedPageQuarantinesItsFileAndTheRestOfTheDateIsProcessed() throws Exception {
    Path store = copy(generated, work.resolve("damaged"));
    NightlyJob.Summary reference =
        NightlyJob.run(spark, config(copy(generated, work.resolve("ref")), DAY_1, false));
    Path victim = flowFiles(store, DAY_1).get(0);
    long victimRows;
    byte[] bytes = Files.readAllBytes(victim);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(victim))) {
      victimRows = reader.getRecordCount();
      ColumnChunkMetaData received = null;
      for (ColumnChunkMetaData column : reader.getFooter().getBlocks().get(0).getColumns()) {
        if (column.getPath().toDotString().equals("received_bytes")) {
          received = column;
        }
      }
      long end = received.getStartingPos() + received.getTotalSize();
      for (long i = end - 20; i < end - 4; i++) {
        bytes[(int) i] = (byte) 0x7f; // 16 bytes overwritten inside the page, footer intact
      }
    }
    Files.write(victim, bytes);

    NightlyJob.Summary summary = NightlyJob.run(spark, config(store, DAY_1, false));
    assertThat(summary.rejectedFiles()).hasSize(1);
    assertThat(summary.rejectedFiles().get(0).path()).endsWith(victim.getFileName().toString());
    assertThat(summary.rejectedFiles().get(0).reason())
        .startsWith("cannot decode row 0 of column received_bytes: ")
        .containsIgnoringCase("CRC checksum verification failed");
    assertThat(summary.flowFiles()).isEqualTo(reference.flowFiles() - 1);
    assertThat(summary.flowRowsRead()).isEqualTo(reference.flowRowsRead() - victimRows);
    assertThat(summary.rowsQuarantined()).isZero();
  }

  @Test
  void aDayWithoutMetadataIsRefusedAndRecordedUnlessPartialIsAllowed() throws Exception {
    Path store = copy(generated, work.resolve("no-metadata"));
    NightlyJob.run(spark, config(store, DAY_1, false));
    deleteTree(store.resolve("metadata/cluster=demo/date=" + DAY_2));

    assertThatThrownBy(() -> NightlyJob.run(spark, config(store, DAY_2, false)))
        .isInstanceOf(NetcostException.class)
        .satisfies(e -> assertThat(((NetcostException) e).kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(
            "No usable metadata snapshots for 2026-11-02 of cluster demo although it has flow"
                + " snapshots (looked in "
                + store.toUri()
                + "metadata/cluster=demo/date=2026-11-02/): every address would be unassigned."
                + " Nothing was published; pass --allow-partial to publish the date anyway.");
    assertThat(files(store, "chargeback_daily", DAY_2)).isEmpty();
    List<Row> log = runLog(store, DAY_2);
    assertThat(log).hasSize(1);
    assertThat(log.get(0).<String>getAs("status")).isEqualTo("failed");
    assertThat(log.get(0).<String>getAs("message"))
        .startsWith("No usable metadata snapshots for 2026-11-02 of cluster demo");

    NightlyJob.run(spark, config(store, DAY_2, true));
    assertThat(files(store, "chargeback_daily", DAY_2)).isNotEmpty();
    log = runLog(store, DAY_2);
    assertThat(log)
        .extracting(row -> row.<String>getAs("status"))
        .containsExactly("failed", "partial");
    assertThat(log.get(1).<String>getAs("message"))
        .startsWith("published with --allow-partial: No usable metadata snapshots");
  }

  @Test
  void aDayWhoseFlowSnapshotsWereAllSetAsideIsRefusedUnlessPartialIsAllowed() throws Exception {
    Path store = copy(generated, work.resolve("no-usable-flows"));
    NightlyJob.run(spark, config(store, DAY_1, false));
    List<Path> day2 = flowFiles(store, DAY_2);
    assertThat(day2).hasSizeGreaterThan(1);
    for (Path file : day2) { // each cut after 100 bytes: no footer
      Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));
    }
    String first = store.relativize(day2.get(0)).toString();

    assertThatThrownBy(() -> NightlyJob.run(spark, config(store, DAY_2, false)))
        .isInstanceOf(NetcostException.class)
        .satisfies(e -> assertThat(((NetcostException) e).kind()).isEqualTo(ErrorKind.USER))
        .message()
        .startsWith(
            "Every flow snapshot for 2026-11-02 was set aside ("
                + day2.size()
                + " files under "
                + store.toUri().toString().replaceAll("/+$", "")
                + "/flows/cluster=*/date=2026-11-02/; the first, ")
        .contains(first + ": corrupt or truncated Parquet file: ")
        .endsWith("). Nothing was published; pass --allow-partial to publish the date anyway.");
    assertThat(files(store, "chargeback_daily", DAY_2)).isEmpty();
    assertThat(files(store, "network_flows", DAY_2)).isEmpty();
    List<Row> log = runLog(store, DAY_2);
    assertThat(log).extracting(row -> row.<String>getAs("status")).containsExactly("failed");
    assertThat(log.get(0).<String>getAs("message"))
        .startsWith("Every flow snapshot for 2026-11-02 was set aside");

    NightlyJob.Summary partial = NightlyJob.run(spark, config(store, DAY_2, true));
    assertThat(partial.flowFiles()).isZero();
    assertThat(partial.rejectedFiles()).hasSize(day2.size());
    assertThat(runLog(store, DAY_2))
        .extracting(row -> row.<String>getAs("status"))
        .containsExactly("failed", "partial");
  }

  @Test
  void aDropInResolvedTrafficBeyondTheBoundIsRefused() throws Exception {
    Path store = copy(generated, work.resolve("drop"));
    NightlyJob.run(spark, config(store, DAY_1, false));
    // day 2's metadata names nobody the flows talk about: nothing resolves
    deleteTree(store.resolve("metadata/cluster=demo/date=" + DAY_2));
    Instant hour = DAY_2.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    new LocalObjectStore(store)
        .createOrOverwrite(
            ObjectKeys.metadataSnapshot("demo", hour, 0),
            SnapshotWriter.writeMetadata(
                List.of(
                    new OwnershipInterval(
                        "demo",
                        "203.0.113.250",
                        OwnerKind.NODE,
                        "uid-x",
                        Optional.empty(),
                        Optional.empty(),
                        "Node",
                        "elsewhere",
                        dev.netcost.contract.Sentinels.UNASSIGNED_TEAM,
                        "{}",
                        Optional.of("elsewhere"),
                        Optional.of("us-east-1a"),
                        Optional.of("us-east-1"),
                        Optional.empty(),
                        Optional.empty(),
                        hour,
                        Optional.empty())),
                "test"));
    // the baseline, summed here from day 1's published chargeback: resolved = not __unknown__
    BigDecimal baseline = BigDecimal.ZERO;
    for (Row row :
        spark
            .read()
            .parquet(files(store, "chargeback_daily", DAY_1).toArray(String[]::new))
            .collectAsList()) {
      if (!row.<String>getAs("namespace").equals("__unknown__")) {
        baseline =
            baseline.add(
                BigDecimal.valueOf(row.<Long>getAs("egress_bytes"))
                    .add(BigDecimal.valueOf(row.<Long>getAs("ingress_bytes"))));
      }
    }
    assertThat(baseline.signum()).isPositive();
    String expected =
        "Resolved traffic on 2026-11-02 is 0 bytes, 100.0% below the average of the previous 1"
            + " date with tables ("
            + baseline.toPlainString()
            + " bytes; the bound, --max-resolved-drop, is 50%): snapshots or metadata missing?"
            + " Nothing was published; pass --allow-partial to publish the date anyway.";
    assertThatThrownBy(() -> NightlyJob.run(spark, config(store, DAY_2, false)))
        .isInstanceOf(NetcostException.class)
        .hasMessage(expected);
    assertThat(files(store, "network_flows", DAY_2)).isEmpty();
  }

  @Test
  void rowsNoLinkCouldCarryAndWindowsEndingAfterTheDateAreQuarantined(@TempDir Path store)
      throws Exception {
    Instant hour = Instant.parse("2026-11-03T05:00:00Z");
    LocalObjectStore objects = new LocalObjectStore(store);
    objects.createOrOverwrite(
        ObjectKeys.metadataSnapshot("c", hour, 0),
        SnapshotWriter.writeMetadata(
            List.of(
                new OwnershipInterval(
                    "c",
                    "10.0.0.1",
                    OwnerKind.NODE,
                    "uid-n1",
                    Optional.empty(),
                    Optional.empty(),
                    "Node",
                    "n1",
                    dev.netcost.contract.Sentinels.UNASSIGNED_TEAM,
                    "{}",
                    Optional.of("n1"),
                    Optional.of("us-east-1a"),
                    Optional.of("us-east-1"),
                    Optional.empty(),
                    Optional.empty(),
                    hour.minusSeconds(3600),
                    Optional.empty())),
            "test"));
    Path raw = store.resolve(ObjectKeys.flowSnapshot("c", "n1", hour, 0));
    List<Object[]> rows = new ArrayList<>();
    rows.add(row(hour, hour.plusSeconds(3600), 1_000L, 0L)); // fine
    rows.add(row(hour, hour.plusSeconds(3600), Long.MAX_VALUE, 0L));
    rows.add(row(hour, hour.plusSeconds(3600), 0L, 180_000_000_000_001L));
    rows.add(row(hour, hour.plusSeconds(3 * 86_400), 5L, 0L));
    RawSnapshots.writeFlows(raw, rows);

    NightlyJob.Summary summary =
        NightlyJob.run(spark, config(store, LocalDate.parse("2026-11-03"), false));
    assertThat(summary.rowsQuarantined()).isEqualTo(3);
    List<String> quarantine = quarantineLines(store, LocalDate.parse("2026-11-03"));
    String name = raw.getFileName().toString();
    assertThat(quarantine.get(0)).isEqualTo("kind,file,row,field,reason");
    assertThat(quarantine.subList(1, quarantine.size()))
        .allSatisfy(line -> assertThat(line).startsWith("row,").contains("/" + name + ","))
        .extracting(line -> line.substring(line.indexOf(name + ",") + name.length() + 1))
        .containsExactly(
            "1,sent_bytes,sent_bytes 9223372036854775807 exceeds what a link can"
                + " carry in the 3600 s window (at most 180000000000000 bytes at 400 Gbit/s)",
            "2,received_bytes,received_bytes 180000000000001 exceeds what a link"
                + " can carry in the 3600 s window (at most 180000000000000 bytes at 400 Gbit/s)",
            "3,window_end,window_end 2026-11-06T05:00:00Z is after the partition's date");
  }

  @Test
  void twoOwnersOfOneAddressAtOnceAreFlaggedAndCounted(@TempDir Path store) throws Exception {
    Instant hour = Instant.parse("2026-11-04T05:00:00Z");
    writeOwnersOfOneAddressAndItsFlow(
        store,
        hour,
        pod("uid-a", "a-1", hour.minusSeconds(3600), Optional.empty()),
        pod("uid-b", "b-1", hour.plusSeconds(1800), Optional.of(hour.plusSeconds(2400))));

    NightlyJob.Summary summary =
        NightlyJob.run(spark, config(store, LocalDate.parse("2026-11-04"), true));
    assertThat(summary.rowsQuarantined()).isZero();
    List<String> quarantine = quarantineLines(store, LocalDate.parse("2026-11-04"));
    assertThat(quarantine)
        .containsExactly(
            "kind,file,row,field,reason",
            "conflict,,,ip,ownership conflict: 10.1.0.9 of cluster c held by pod shop/a-1 (uid"
                + " uid-a) and pod shop/b-1 (uid uid-b) at once from 2026-11-04T05:30:00Z to"
                + " 2026-11-04T05:40:00Z; its traffic in that span is split between them by time");
    List<Row> log = runLog(store, LocalDate.parse("2026-11-04"));
    assertThat(log.get(0).<Long>getAs("ownership_conflicts")).isEqualTo(1L);
  }

  @Test
  void conflictLinesAreInTheOrderOfTheirReasons(@TempDir Path store) throws Exception {
    Instant hour = Instant.parse("2026-11-04T05:00:00Z");
    // three owners of 10.1.0.9 at once: found as (z, a), (z, m), (a, m), written by reason text
    writeOwnersOfOneAddressAndItsFlow(
        store,
        hour,
        pod("uid-z", "z-1", hour.minusSeconds(3600), Optional.empty()),
        pod("uid-a", "a-1", hour.plusSeconds(1800), Optional.of(hour.plusSeconds(2400))),
        pod("uid-m", "m-1", hour.plusSeconds(2000), Optional.of(hour.plusSeconds(2200))));

    NightlyJob.run(spark, config(store, LocalDate.parse("2026-11-04"), true));
    String pair =
        "conflict,,,ip,ownership conflict: 10.1.0.9 of cluster c held by pod shop/%s (uid"
            + " uid-%s) and pod shop/%s (uid uid-%s) at once from %s to %s; its traffic in that span is"
            + " split between them by time";
    assertThat(quarantineLines(store, LocalDate.parse("2026-11-04")))
        .containsExactly(
            "kind,file,row,field,reason",
            pair.formatted("a-1", "a", "m-1", "m", "2026-11-04T05:33:20Z", "2026-11-04T05:36:40Z"),
            pair.formatted("z-1", "z", "a-1", "a", "2026-11-04T05:30:00Z", "2026-11-04T05:40:00Z"),
            pair.formatted("z-1", "z", "m-1", "m", "2026-11-04T05:33:20Z", "2026-11-04T05:36:40Z"));
    assertThat(
            runLog(store, LocalDate.parse("2026-11-04")).get(0).<Long>getAs("ownership_conflicts"))
        .isEqualTo(3L);
  }

  /**
   * The hour's metadata snapshot holding {@code owners}, and one flow snapshot with one flow row
   * whose local address is 10.1.0.9.
   */
  private static void writeOwnersOfOneAddressAndItsFlow(
      Path store, Instant hour, OwnershipInterval... owners) throws IOException {
    new LocalObjectStore(store)
        .createOrOverwrite(
            ObjectKeys.metadataSnapshot("c", hour, 0),
            SnapshotWriter.writeMetadata(List.of(owners), "test"));
    Object[] flow = row(hour, hour.plusSeconds(3600), 3_600L, 0L);
    flow[4] = "10.1.0.9";
    RawSnapshots.writeFlows(
        store.resolve(ObjectKeys.flowSnapshot("c", "n1", hour, 0)), List.<Object[]>of(flow));
  }

  /** The lines of the date's committed quarantine CSV. */
  private static List<String> quarantineLines(Path store, LocalDate date) throws IOException {
    return Files.readAllLines(
        storeFiles(store).committedFiles("quarantine", date).stream()
            .map(p -> StoreFiles.localPath(p).orElseThrow())
            .findFirst()
            .orElseThrow());
  }

  private static OwnershipInterval pod(
      String uid, String name, Instant from, Optional<Instant> to) {
    return new OwnershipInterval(
        "c",
        "10.1.0.9",
        OwnerKind.POD,
        uid,
        Optional.of("shop"),
        Optional.of(name),
        "Deployment",
        name.substring(0, 1),
        "shop-team",
        "{}",
        Optional.of("n1"),
        Optional.of("us-east-1a"),
        Optional.of("us-east-1"),
        Optional.empty(),
        Optional.empty(),
        from,
        to);
  }

  private static Object[] row(Instant start, Instant end, long sent, long received) {
    return new Object[] {
      "c",
      "n1",
      start,
      end,
      "10.0.0.1",
      "198.51.100.1",
      null,
      null,
      "tcp",
      443,
      "outbound",
      sent,
      received,
      1L,
      1L,
      1L
    };
  }

  private static List<String> files(Path store, String table, LocalDate date) throws IOException {
    return storeFiles(store).committedFiles(table, date).stream().map(Object::toString).toList();
  }

  private static List<Row> runLog(Path store, LocalDate date) throws IOException {
    return spark
        .read()
        .parquet(files(store, "run_log", date).toArray(String[]::new))
        .orderBy("started_at")
        .collectAsList();
  }

  private static StoreFiles storeFiles(Path store) {
    return StoreFiles.open(spark, store.toUri().toString());
  }

  private static List<Path> flowFiles(Path store, LocalDate date) throws IOException {
    try (Stream<Path> files = Files.walk(store.resolve("flows"))) {
      return files
          .filter(p -> p.toString().endsWith(".parquet"))
          .filter(p -> p.toString().contains("date=" + date))
          .sorted()
          .toList();
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return to;
  }
}
