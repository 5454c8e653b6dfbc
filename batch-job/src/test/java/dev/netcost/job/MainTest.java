package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.NetcostException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MainTest {
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
  void malformedDateIsBadInputWithExitCodeOne() {
    Run run = run("nightly", "--date", "2026-13-01");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "error: Invalid value for option '--date': '2026-13-01' is not a date (expected YYYY-MM-DD, today or yesterday)");
  }

  @Test
  void failuresMapToExitCodesByWhoIsAtFault() {
    assertThat(Main.classify(NetcostException.user("bad %s", "x")).exitCode()).isEqualTo(1);
    assertThat(Main.classify(new IllegalArgumentException("Invalid CIDR")).exitCode()).isEqualTo(1);
    assertThat(Main.classify(new java.io.IOException("connection refused")).exitCode())
        .isEqualTo(2);
    assertThat(
            Main.classify(NetcostException.external("store down", new java.io.IOException()))
                .exitCode())
        .isEqualTo(2);
    assertThat(Main.classify(new NullPointerException()).exitCode()).isEqualTo(3);
  }

  @Test
  void unknownSubcommandIsBadInput() {
    assertThat(run("nightlyy").exitCode()).isEqualTo(1);
  }

  @Test
  void yesterdayIsTheUtcDateBeforeToday() {
    Clock saved = DateConverter.clock;
    DateConverter.clock = Clock.fixed(Instant.parse("2026-03-01T00:30:00Z"), ZoneOffset.UTC);
    try {
      assertThat(new DateConverter().convert("yesterday")).isEqualTo(LocalDate.parse("2026-02-28"));
      assertThat(new DateConverter().convert("today")).isEqualTo(LocalDate.parse("2026-03-01"));
    } finally {
      DateConverter.clock = saved;
    }
  }

  @Test
  void storesAreNamedAsSparkConnectorsNameThem() {
    assertThat(Stores.sparkLocation("s3://bucket/prefix")).isEqualTo("s3a://bucket/prefix");
    assertThat(Stores.sparkLocation("gs://bucket/p")).isEqualTo("gs://bucket/p");
    assertThat(Stores.sparkLocation("/tmp/x/")).isEqualTo("file:///tmp/x");
  }
}
