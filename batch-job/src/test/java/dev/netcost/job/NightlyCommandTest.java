package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.pricing.PriceBook;
import dev.netcost.store.LocalObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pricing options: every file is validated before Spark starts; bad ones exit 1. */
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
    new ClusterGenerator(
            new ClusterGenerator.Options("demo", LocalDate.parse("2026-11-01"), 1, 7L, 1),
            PriceBook.bundled())
        .generate(new LocalObjectStore(dir));
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
}
