package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.pricing.PriceBook;
import dev.netcost.store.LocalObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pricing options: every file is validated before Spark starts; bad ones exit 1. The broadcast
 * bound, and backfills ({@code --to}).
 */
class NightlyCommandTest {
  private record Run(int exitCode, String err) {}

  private static Run run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.execute(args);
      return new Run(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void malformedPriceSheetExitsOneNamingFileLineAndField(@TempDir Path dir) throws Exception {
    Path sheet = dir.resolve("private-pricing.csv");
    Files.writeString(
        sheet,
        "# version: edp-2026\n"
            + "provider,region,item,direction,peer,effective_from,tier_start_gib,rate_per_gib,currency,source\n"
            + "aws,us-east-1,internet,egress,,2026-01-01,,-1,USD,contract\n");
    Run run =
        run(
            "nightly",
            "--date",
            "2026-11-01",
            "--store",
            dir.resolve("store").toString(),
            "--price-sheet",
            sheet.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("error: " + sheet + " line 3 field rate_per_gib: is negative: -1");
  }

  @Test
  void unknownPolicyAndMissingFilesExitOne(@TempDir Path dir) {
    Run policy =
        run(
            "nightly",
            "--date",
            "2026-11-01",
            "--store",
            dir.toString(),
            "--attribution-policy",
            "whoever");
    assertThat(policy.exitCode()).isEqualTo(1);
    assertThat(policy.err())
        .isEqualTo(
            "error: Invalid value for option '--attribution-policy': 'whoever' is not an"
                + " attribution policy (expected sender_pays, receiver_pays or split); see 'netcost"
                + " nightly --help'"
                + System.lineSeparator());

    Path missing = dir.resolve("ip-ranges.json");
    Run ranges =
        run(
            "nightly",
            "--date",
            "2026-11-01",
            "--store",
            dir.toString(),
            "--ip-ranges",
            missing.toString());
    assertThat(ranges.exitCode()).isEqualTo(1);
    assertThat(ranges.err()).contains("error: " + missing + ": no such file");
  }

  @Test
  void aNegativeBroadcastBoundExitsOneNamingTheOption(@TempDir Path dir) {
    Run run =
        run(
            "nightly",
            "--date",
            "2026-11-01",
            "--store",
            dir.toString(),
            "--max-broadcast-intervals",
            "-1");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("error: --max-broadcast-intervals must be in [0, 2147483646]: -1");
  }

  @Test
  void theDefaultBroadcastBoundIsOneMetadataRowPer4KiBOfHeap() {
    assertThat(NightlyJob.Config.defaultMaxBroadcastIntervals(4L << 30)).isEqualTo(1_048_576);
    assertThat(NightlyJob.Config.defaultMaxBroadcastIntervals(1L << 50))
        .isEqualTo(Integer.MAX_VALUE - 1);
    assertThat(NightlyJob.Config.defaultMaxBroadcastIntervals())
        .isEqualTo(
            NightlyJob.Config.defaultMaxBroadcastIntervals(Runtime.getRuntime().maxMemory()));
  }

  @Test
  void aDayWithMoreMetadataRowsThanTheBoundIsJoinedAndSaysSo(@TempDir Path dir) throws Exception {
    generate(dir, 1);
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.execute(
              "nightly",
              "--date",
              "2026-11-01",
              "--store",
              dir.toString(),
              "--master",
              "local[2]",
              "--no-signals",
              "--max-broadcast-intervals",
              "0");
    } finally {
      System.setOut(original);
    }
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "  ownership intervals joined to the flow rows in Spark (more intervals than"
                + " --max-broadcast-intervals)"
                + System.lineSeparator());
  }

  @Test
  void aBackfillCommitsEachDateAsItsOwnRunWould(@TempDir Path dir) throws Exception {
    // three generated days, backfilled, then each date run alone again in date order: the same
    // files
    generate(dir, 3);
    List<String> days = List.of("2026-11-01", "2026-11-02", "2026-11-03");
    List<String> tables = List.of("network_flows", "chargeback_daily", "egress_volume_daily");
    Run backfill = nightly(dir, "--date", "2026-11-01", "--to", "2026-11-03");
    assertThat(backfill.exitCode()).isZero();
    Map<String, List<String>> backfilled = new TreeMap<>();
    for (String table : tables) {
      for (String day : days) {
        String partition = "tables/" + table + "/date=" + day;
        backfilled.put(partition, parquetFiles(dir.resolve(partition)));
        assertThat(backfilled.get(partition)).as(partition).isNotEmpty();
      }
    }
    for (String day : days) {
      assertThat(nightly(dir, "--date", day).exitCode()).isZero();
    }
    // content-addressed names: the same names are the same bytes (one process wrote both)
    for (Map.Entry<String, List<String>> partition : backfilled.entrySet()) {
      assertThat(parquetFiles(dir.resolve(partition.getKey())))
          .as(partition.getKey())
          .isEqualTo(partition.getValue());
    }
    // and each date has run_log rows of two successful runs: the backfill's and its own
    for (String day : days) {
      assertThat(parquetFiles(dir.resolve("tables/run_log/date=" + day))).hasSize(2);
    }
  }

  @Test
  void aBackfillStopsAtTheFirstFailedDateAndKeepsTheDatesBefore(@TempDir Path dir)
      throws Exception {
    generate(dir, 1);
    Run run = nightly(dir, "--date", "2026-11-01", "--to", "2026-11-03");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("error: No flow snapshots for 2026-11-02")
        .contains(
            "netcost: the backfill stopped at 2026-11-02; 2026-11-01 is committed (resume with"
                + " --date 2026-11-02 --to 2026-11-03)");
    assertThat(parquetFiles(dir.resolve("tables/chargeback_daily/date=2026-11-01"))).isNotEmpty();
    assertThat(dir.resolve("tables/chargeback_daily/date=2026-11-02")).doesNotExist();
  }

  @Test
  void aBackfillThatEndsBeforeItStartsExitsOne(@TempDir Path dir) {
    Run run =
        run("nightly", "--date", "2026-11-03", "--to", "2026-11-01", "--store", dir.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error: --to 2026-11-01 is before --date 2026-11-03");
  }

  /** The generator's demo cluster from 2026-11-01, {@code days} days, in {@code store}. */
  private static void generate(Path store, int days) throws Exception {
    new ClusterGenerator(
            new ClusterGenerator.Options("demo", LocalDate.parse("2026-11-01"), days, 7L, 1),
            PriceBook.bundled())
        .generate(new LocalObjectStore(store));
  }

  /**
   * {@code netcost nightly} with {@code dates} (its date options) on {@code store}, in {@code
   * local[2]} without signals, its standard output discarded.
   */
  private static Run nightly(Path store, String... dates) {
    List<String> args = new ArrayList<>(List.of("nightly"));
    args.addAll(List.of(dates));
    args.addAll(List.of("--store", store.toString(), "--master", "local[2]", "--no-signals"));
    PrintStream original = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    try {
      return run(args.toArray(String[]::new));
    } finally {
      System.setOut(original);
    }
  }

  private static List<String> parquetFiles(Path partition) throws Exception {
    try (Stream<Path> files = Files.walk(partition)) {
      return files
          .map(file -> partition.relativize(file).toString())
          .filter(name -> name.endsWith(".parquet"))
          .sorted()
          .toList();
    }
  }
}
