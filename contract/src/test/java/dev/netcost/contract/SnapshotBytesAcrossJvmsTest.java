package dev.netcost.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same rows give the same snapshot bytes in every JVM, not only within one: a collector that
 * dies between publishing a window and its checkpoint republishes the window after the restart, in
 * a new JVM, under the same key, and the spool and the store accept that only when the bytes are
 * equal. parquet-java lists a column chunk's encodings in the iteration order of a hash set of enum
 * constants, whose identity hashes differ between JVMs; {@code -XX:hashCode} changes how HotSpot
 * makes them, which stands in for the difference between two runs.
 */
class SnapshotBytesAcrossJvmsTest {
  private static final Instant START = Instant.parse("2026-11-01T07:00:00Z");

  /** Prints the SHA-256 of a flow and a metadata snapshot of fixed rows. */
  public static void main(String[] args) {
    byte[] flows = flows();
    byte[] metadata = metadata();
    System.out.println(
        SnapshotFormat.sha256(flows, flows.length)
            + " "
            + SnapshotFormat.sha256(metadata, metadata.length));
  }

  private static byte[] flows() {
    List<FlowRecord> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(
          new FlowRecord(
              "prod",
              "node-a",
              START,
              START.plusSeconds(3600),
              "10.0.1." + (i % 250),
              "192.0.2." + (i % 200),
              i % 3 == 0 ? Optional.of("172.20.0." + (i % 7)) : Optional.empty(),
              Optional.empty(),
              i % 2 == 0 ? Protocol.TCP : Protocol.UDP,
              443,
              i % 2 == 0 ? Direction.OUTBOUND : Direction.INBOUND,
              1_000L + i * 7919L,
              500L + i,
              10 + i,
              5 + i,
              1));
    }
    return SnapshotWriter.writeFlows(rows, "test");
  }

  private static byte[] metadata() {
    List<OwnershipInterval> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(
          new OwnershipInterval(
              "prod",
              "10.0.2." + i,
              OwnerKind.POD,
              "uid-" + i,
              Optional.of("ns-" + (i % 5)),
              Optional.of("pod-" + i),
              "Deployment",
              "web-" + (i % 10),
              "team-" + (i % 3),
              "{\"app\":\"web\"}",
              Optional.of("node-" + (i % 4)),
              Optional.of("us-east-1a"),
              Optional.of("us-east-1"),
              i % 2 == 0 ? Optional.of("i-0abc" + i) : Optional.empty(),
              Optional.empty(),
              START.plusSeconds(i),
              i % 3 == 0 ? Optional.of(START.plusSeconds(600 + i)) : Optional.empty()));
    }
    return SnapshotWriter.writeMetadata(rows, "test");
  }

  @TempDir Path temp;

  private String run(String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SnapshotBytesAcrossJvmsTest.class.getName());
    Path errors = Files.createTempFile(temp, "child", ".err");
    Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(errors)).isZero();
    return out;
  }

  @Test
  void theSameRowsGiveTheSameBytesInEveryJvm() throws Exception {
    String here = run();
    assertThat(here).matches("[0-9a-f]{64} [0-9a-f]{64}");
    assertThat(run("-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2")).isEqualTo(here);
    assertThat(run("-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=3")).isEqualTo(here);
    assertThat(run("-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=4")).isEqualTo(here);
  }
}
