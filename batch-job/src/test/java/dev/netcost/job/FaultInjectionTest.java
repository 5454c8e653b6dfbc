package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.pricing.PriceBook;
import dev.netcost.spark.StoreFiles;
import dev.netcost.store.LocalObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kill -9 at every publish step, driven by the writer's test hook (a separate JVM that halts at the
 * step, no timing involved), then: netcost's readers see every table of the date at the previous
 * complete version (killed before the commit point) or at the new one (after it), never a mix and
 * never an empty table; the next run rolls forward or takes over, leaves exactly the new files and
 * no staging, and run_log records every attempt with its outcome.
 */
class FaultInjectionTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-01");
  private static final List<String> TABLES =
      List.of("chargeback_daily", "egress_volume_daily", "network_flows");

  @TempDir static Path work;
  private static Path previous;
  private static SparkSession spark;
  private static Map<String, List<String>> oldVersion;
  private static Map<String, List<String>> newVersion;

  /** The old version: a run with the bundled classification. */
  private static NightlyJob.Config oldConfig(Path store) {
    return NightlyCommand.config(location(store), DAY, "aws", List.of(), false);
  }

  /** The new version: the receiver pays for in-cluster transfer, which reprices its traffic. */
  private static NightlyJob.Config newConfig(Path store) {
    return NightlyCommand.config(
        location(store),
        DAY,
        "aws",
        List.of(),
        dev.netcost.job.attribution.RunPricing.load(
            new dev.netcost.pricing.PricingSetup.Files(
                List.of(),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                List.of(),
                java.util.Optional.empty(),
                dev.netcost.pricing.AttributionPolicy.RECEIVER_PAYS)),
        false);
  }

  @BeforeAll
  static void twoVersions() throws Exception {
    spark = SharedSpark.get();
    previous = work.resolve("previous");
    new ClusterGenerator(new ClusterGenerator.Options("demo", DAY, 1, 7L, 1), PriceBook.bundled())
        .generate(new LocalObjectStore(previous));
    NightlyJob.run(spark, oldConfig(previous));
    oldVersion = committedNames(previous);
    Path reference = copy(previous, work.resolve("reference"));
    NightlyJob.run(spark, newConfig(reference));
    newVersion = committedNames(reference);
    // the two versions differ in every table the test follows, or the test could not tell them
    for (String table : List.of("chargeback_daily", "network_flows")) {
      assertThat(newVersion.get(table)).as(table).isNotEqualTo(oldVersion.get(table));
    }
  }

  /** Every publish step; -Dnetcost.test.steps=a,b runs a subset (for a quick local run). */
  static Stream<String> steps() {
    List<String> all =
        List.of(
            "leased",
            "staged",
            "committed",
            "moved:chargeback_daily",
            "cleaned:chargeback_daily",
            "moved:egress_volume_daily",
            "cleaned:egress_volume_daily",
            "moved:network_flows",
            "cleaned:network_flows",
            "moved:quarantine",
            "cleaned:quarantine",
            "moved:run_log",
            "cleaned:run_log",
            "applied");
    String subset = System.getProperty("netcost.test.steps");
    return subset == null ? all.stream() : Stream.of(subset.split(",")).filter(all::contains);
  }

  @ParameterizedTest
  @MethodSource("steps")
  void killedAtAnyPublishStepTheDateIsTheOldOrTheNewVersionAndTheNextRunRepairsIt(String step)
      throws Exception {
    Path store = copy(previous, work.resolve("kill-" + step.replace(':', '-')));
    Result killed = nightly(store, "-Dnetcost.test.halt-at=" + step);
    assertThat(killed.exitCode()).as(killed.output()).isEqualTo(137);
    assertThat(killed.output()).contains("test hook: halting at " + step);

    boolean committed = !step.equals("leased") && !step.equals("staged");
    Map<String, List<String>> seen = readerView(store);
    assertThat(seen).isEqualTo(committed ? newVersion : oldVersion);

    // the next run takes over the dead run's lease (or rolls its commit forward) and publishes
    NightlyJob.run(spark, newConfig(store));
    assertThat(readerView(store)).isEqualTo(newVersion);
    Map<String, List<String>> published = readerNames(store);
    for (String table : TABLES) {
      assertThat(directoryNames(store.resolve("tables/" + table + "/date=" + DAY)))
          .as(table)
          .isEqualTo(published.get(table));
    }
    assertThat(store.resolve("tables/_staging")).doesNotExist();
    List<String> statuses = runLogStatuses(store);
    assertThat(statuses)
        .containsExactly("succeeded", committed ? "succeeded" : "abandoned", "succeeded");
  }

  @Test
  void aRunThatTakesOverAnAbandonedDateAndFailsRecordsBothAttempts() throws Exception {
    Path store = copy(previous, work.resolve("abandoned-then-failed"));
    Result killed = nightly(store, "-Dnetcost.test.halt-at=staged");
    assertThat(killed.exitCode()).as(killed.output()).isEqualTo(137);
    Map<String, String> dead = latestLease(store);
    // the date's snapshots are gone: the run that takes the date over fails after the lease
    deleteTree(store.resolve("flows"));

    NightlyJob.Config config = newConfig(store);
    assertThatThrownBy(() -> NightlyJob.run(spark, config))
        .isInstanceOf(NetcostException.class)
        .hasMessageStartingWith("No flow snapshots for 2026-11-01 under ");

    assertThat(readerView(store)).isEqualTo(oldVersion);
    assertThat(runLogStatuses(store)).containsExactly("succeeded", "abandoned", "failed");
    List<Row> rows =
        spark
            .read()
            .parquet(
                storeFiles(store).committedFiles("run_log", DAY).stream()
                    .map(Object::toString)
                    .toArray(String[]::new))
            .orderBy("started_at")
            .collectAsList();
    Row abandoned = rows.get(1);
    Row failed = rows.get(2);
    String failedRunId = failed.getAs("run_id");
    assertThat(failedRunId).matches("2026-11-01-[0-9a-f]{8}").isNotEqualTo(dead.get("run_id"));
    String version = config.pricing().book().version();
    assertThat(values(abandoned))
        .containsExactly(
            runThatWroteNothing(
                dead.get("run_id"),
                // run_log keeps microseconds
                java.time.Instant.parse(dead.get("acquired_at"))
                    .truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                failed.getAs("started_at"),
                store,
                "abandoned",
                version,
                "unknown",
                "the run stopped before committing (killed, or its host failed); run "
                    + failedRunId
                    + " took over the date"));
    assertThat(values(failed))
        .containsExactly(
            runThatWroteNothing(
                failedRunId,
                failed.getAs("started_at"),
                failed.getAs("finished_at"),
                store,
                "failed",
                version,
                "local[2]",
                "No flow snapshots for 2026-11-01 under "
                    + location(store)
                    + "/flows/cluster=*/date=2026-11-01/ (pass --allow-empty to write empty tables"
                    + " for the date)"));
    assertThat(failed.<java.time.Instant>getAs("finished_at"))
        .isAfterOrEqualTo(failed.<java.time.Instant>getAs("started_at"));
  }

  @Test
  void aSecondRunOfTheSameDateExitsOneAndChangesNothingWhileTheFirstFinishes() throws Exception {
    Path store = copy(previous, work.resolve("concurrent"));
    Path resume = work.resolve("resume-concurrent");
    ProcessBuilder first =
        command(store, "-Dnetcost.test.pause-at=staged", "-Dnetcost.test.pause-file=" + resume);
    Path log = work.resolve("concurrent-first.log");
    Process process = first.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      // wait (with a deadline) until the first run holds the lease and has staged everything
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      Path reached = resume.resolveSibling(resume.getFileName() + ".reached");
      while (!Files.exists(reached) && process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(reached).as(Files.readString(log)).exists();

      assertThatThrownBy(() -> NightlyJob.run(spark, oldConfig(store)))
          .isInstanceOf(NetcostException.class)
          .satisfies(e -> assertThat(((NetcostException) e).kind()).isEqualTo(ErrorKind.USER))
          .hasMessageContaining("Date 2026-11-01 of ")
          .hasMessageContaining(" is being written by run 2026-11-01-")
          .hasMessageContaining("nothing was changed");
      // the loser touched nothing: the old version is still what readers see
      assertThat(readerView(store)).isEqualTo(oldVersion);
      Files.createFile(resume);
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    } finally {
      process.destroyForcibly();
    }
    assertThat(readerView(store)).isEqualTo(newVersion);
    assertThat(runLogStatuses(store)).containsExactly("succeeded", "succeeded");
  }

  @Test
  void aFailedRunIsRecordedAndLeavesThePublishedTablesAlone() throws Exception {
    Path store = copy(previous, work.resolve("failed"));
    // a bad command-line value fails before anything is written: exit 1, one line
    Result failed = nightly(store, null, "--private-cidr", "10.0.0.0/33");
    assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
    assertThat(failed.output()).contains("--private-cidr");
    // a date without snapshots fails after the lease: recorded in run_log as failed
    Result empty = nightly(store, null, "--date", "2026-11-05");
    assertThat(empty.exitCode()).as(empty.output()).isEqualTo(1);
    assertThat(readerView(store)).isEqualTo(oldVersion);
    List<Row> log =
        spark
            .read()
            .parquet(
                storeFiles(store).committedFiles("run_log", LocalDate.parse("2026-11-05")).stream()
                    .map(Object::toString)
                    .toArray(String[]::new))
            .collectAsList();
    assertThat(log).hasSize(1);
    assertThat(log.get(0).<String>getAs("status")).isEqualTo("failed");
    assertThat(log.get(0).<String>getAs("message")).startsWith("No flow snapshots for 2026-11-05");
  }

  @Test
  void aReadOnlyStoreFailsWithExitTwoAndOneLineNamingTheStore() throws Exception {
    Path store = copy(previous, work.resolve("writable"));
    Path readOnly = Files.createDirectories(work.resolve("read-only"));
    assumeMount("--bind", store.toString(), readOnly.toString());
    try {
      mount("-o", "remount,bind,ro", readOnly.toString());
      Result result = nightly(readOnly, null);
      assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
      assertOneLineError(
          result.output(),
          "error (external system): Cannot read or write the store file://" + readOnly + ": ",
          "Read-only file system");
    } finally {
      mount("-u", readOnly.toString());
    }
    assertThat(readerView(store)).isEqualTo(oldVersion);
  }

  @Test
  void aFullDiskFailsWithExitTwoAndLeavesThePublishedTables() throws Exception {
    Path disk = Files.createDirectories(work.resolve("small-disk"));
    long pages;
    try (Stream<Path> files = Files.walk(previous)) {
      pages =
          files
              .filter(Files::isRegularFile)
              .mapToLong(p -> (p.toFile().length() + 4095) / 4096)
              .sum();
    }
    // tmpfs counts whole pages: room for the snapshots, the published tables and the lease (16
    // pages to spare), not for the new network_flows
    long size = (pages + 16) * 4096;
    assumeMount("-t", "tmpfs", "-o", "size=" + size, "tmpfs", disk.toString());
    try {
      copy(previous, disk.resolve("store"));
      Result result = nightly(disk.resolve("store"), null);
      assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
      assertOneLineError(
          result.output(),
          "error (external system): Cannot read or write the store file://" + disk.resolve("store"),
          "No space left on device");
      assertThat(readerView(disk.resolve("store"))).isEqualTo(oldVersion);
    } finally {
      mount("-u", disk.toString());
    }
  }

  @Test
  void aStorePathWithSpacesAndNonAsciiLettersWorks() throws Exception {
    Path store = copy(previous, work.resolve("my store ü"));
    Result result = nightly(store, null);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(readerView(store)).isEqualTo(newVersion);
  }

  @Test
  void aStoreWhoseConnectorIsMissingNamesItAndHowToAddIt() throws Exception {
    ProcessBuilder builder = command(previous);
    List<String> arguments = new ArrayList<>(builder.command());
    arguments.set(arguments.indexOf("--store") + 1, "s3://bucket/netcost");
    builder.command(arguments);
    Path log = Files.createTempFile(work, "connector", ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(8, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(log);
    assertThat(process.exitValue()).as(output).isEqualTo(1);
    assertOneLineError(
        output,
        "error: no Hadoop connector on the class path for this store (",
        "org.apache.hadoop.fs.s3a.S3AFileSystem not found): put hadoop-aws 3.4.2 and the AWS SDK"
            + " bundle in netcost's connectors/ directory or name the jars in NETCOST_JARS"
            + " (docs/spark-clusters.md, \"Object storage connectors\")");
  }

  /** The error is one line (no stack trace on the terminal) naming the log with the details. */
  private static void assertOneLineError(String output, String start, String contains)
      throws IOException {
    List<String> errors = output.lines().filter(l -> l.startsWith("error")).toList();
    assertThat(errors).as(output).hasSize(1);
    assertThat(errors.get(0)).startsWith(start).contains(contains).contains(" (details: ");
    assertThat(output.lines())
        .as(output)
        .noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception in"));
    String details = errors.get(0).substring(errors.get(0).lastIndexOf(" (details: ") + 11);
    details = details.substring(0, details.length() - 1);
    assertThat(Files.readString(Path.of(details))).contains("\tat ");
  }

  /** Mounts, or skips outside CI (where the test may not run as root) with a message. */
  private static void assumeMount(String... arguments) throws Exception {
    boolean ok = mountQuietly(arguments);
    if (!ok && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "CI runs as root and must be able to mount: mount " + String.join(" ", arguments));
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(
        ok, "skipped outside CI: cannot mount (needs root): mount " + String.join(" ", arguments));
  }

  private static void mount(String... arguments) throws Exception {
    if (arguments[0].equals("-u")) {
      new ProcessBuilder("umount", arguments[1]).inheritIO().start().waitFor(1, TimeUnit.MINUTES);
      return;
    }
    assertThat(mountQuietly(arguments)).as("mount " + String.join(" ", arguments)).isTrue();
  }

  private static boolean mountQuietly(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("mount"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
  }

  // ------------------------------------------------------------------ helpers

  private record Result(int exitCode, String output) {}

  private static Result nightly(Path store, String property, String... extra) throws Exception {
    List<String> properties = new ArrayList<>();
    if (property != null) {
      properties.add(property);
    }
    ProcessBuilder builder = command(store, properties.toArray(String[]::new));
    List<String> arguments = new ArrayList<>(builder.command());
    // later options win in picocli for single-valued options; the date is replaced outright
    for (int i = 0; i < extra.length; i += 2) {
      int existing = arguments.indexOf(extra[i]);
      if (extra[i].equals("--date") && existing >= 0) {
        arguments.set(existing + 1, extra[i + 1]);
      } else {
        arguments.add(extra[i]);
        arguments.add(extra[i + 1]);
      }
    }
    builder.command(arguments);
    Path log = Files.createTempFile(work, "child", ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertThat(process.waitFor(8, TimeUnit.MINUTES)).as("the child JVM finished").isTrue();
      return new Result(process.exitValue(), Files.readString(log));
    } finally {
      process.destroyForcibly();
    }
  }

  /** The new version's nightly command in a separate JVM with the given system properties. */
  private static ProcessBuilder command(Path store, String... properties) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // the job's JVM options, as the launcher passes them (conf/jvm/job.options)
    command.add(
        "@"
            + java.util.Objects.requireNonNull(
                System.getProperty("netcost.jvm.options.file"), "netcost.jvm.options.file"));
    // the launcher's logging: Spark's warnings and stack traces to the log file, not the terminal
    command.add("-Dlog4j2.configurationFile=netcost-log4j2.properties");
    command.add("-Dnetcost.log.file=" + work.resolve("child-" + System.nanoTime() + ".log4j"));
    command.addAll(List.of(properties));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(
        List.of(
            "nightly",
            "--date",
            DAY.toString(),
            "--store",
            store.toString(),
            "--no-signals",
            "--master",
            "local[1]",
            "--attribution-policy",
            "receiver_pays"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder;
  }

  /**
   * What netcost's readers see: per table, the sorted rows of the files the date's latest commit
   * lists (network_flows without source_file, which names the store's own path), each file checked
   * to hold exactly the bytes its content-addressed name promises. Compared by rows, not names: a
   * file's bytes (so its name) differ between JVMs in the footer's encoding order.
   */
  private static Map<String, List<String>> readerView(Path store) throws Exception {
    Map<String, List<String>> view = new TreeMap<>();
    for (Map.Entry<String, List<String>> table : readerNames(store).entrySet()) {
      String[] files =
          storeFiles(store).committedFiles(table.getKey(), DAY).stream()
              .map(Object::toString)
              .toArray(String[]::new);
      org.apache.spark.sql.Dataset<Row> rows = spark.read().parquet(files);
      if (java.util.Arrays.asList(rows.columns()).contains("source_file")) {
        rows = rows.drop("source_file");
      }
      view.put(table.getKey(), rows.collectAsList().stream().map(Row::toString).sorted().toList());
    }
    return view;
  }

  /** Per table, the names of the committed files, each checked against its content hash. */
  private static Map<String, List<String>> readerNames(Path store) throws Exception {
    Map<String, List<String>> view = new TreeMap<>();
    for (String table : TABLES) {
      List<String> names = new ArrayList<>();
      for (String file : storeFiles(store).committedFiles(table, DAY)) {
        Path local = StoreFiles.localPath(file).orElseThrow();
        String name = local.getFileName().toString();
        assertThat(name).matches("part-\\d{5}-[0-9a-f]{16}\\.zstd\\.parquet");
        assertThat(sha256(local)).as(name).startsWith(name.substring(11, 27));
        names.add(name);
      }
      assertThat(names).as(table + " is never empty").isNotEmpty();
      view.put(table, names);
    }
    return view;
  }

  private static Map<String, List<String>> committedNames(Path store) throws Exception {
    return readerView(store);
  }

  private static List<String> directoryNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> runLogStatuses(Path store) throws IOException {
    String[] files =
        storeFiles(store).committedFiles("run_log", DAY).stream()
            .map(Object::toString)
            .toArray(String[]::new);
    return spark.read().parquet(files).orderBy("started_at").collectAsList().stream()
        .map(row -> row.<String>getAs("status"))
        .toList();
  }

  /** The fields of the date's latest lease (the run that holds or last held the date). */
  private static Map<String, String> latestLease(Path store) throws IOException {
    Path leases = store.resolve("tables/_leases/date=" + DAY);
    List<String> names = directoryNames(leases);
    String latest = names.stream().filter(n -> n.endsWith(".lease")).reduce((a, b) -> b).get();
    Map<String, String> fields = new TreeMap<>();
    for (String line : Files.readAllLines(leases.resolve(latest))) {
      int space = line.indexOf(' ');
      if (space > 0) {
        fields.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return fields;
  }

  /**
   * The run_log row of an attempt that wrote nothing (no rows, bytes or money), the column values
   * in the table's order, with the receiver-pays policy of {@link #newConfig}.
   */
  private static Object[] runThatWroteNothing(
      Object runId,
      Object startedAt,
      Object finishedAt,
      Path store,
      String status,
      String pricingVersion,
      String master,
      String message) {
    return new Object[] {
      runId,
      startedAt,
      finishedAt,
      location(store),
      status,
      0,
      0,
      0,
      0L,
      0L,
      0L,
      0L,
      0L,
      0L,
      0L,
      pricingVersion,
      "receiver_pays",
      master,
      0L,
      message
    };
  }

  private static List<Object> values(Row row) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < row.length(); i++) {
      values.add(row.get(i));
    }
    return values;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static String location(Path store) {
    return Stores.sparkLocation(store.toString());
  }

  private static StoreFiles storeFiles(Path store) {
    return StoreFiles.open(spark, location(store));
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      digest.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(digest.digest());
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
