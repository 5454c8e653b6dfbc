package dev.netcost.collector.flows;

import static dev.netcost.collector.flows.KernelLab.NODE_IP;
import static dev.netcost.collector.flows.KernelLab.PEER_IP;
import static dev.netcost.collector.flows.KernelLab.POD_CIDR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.collector.CollectorMain;
import dev.netcost.collector.common.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kill -9 of the collector process in the middle of a transfer, then restart: nothing twice. */
class KernelRestartTest {
  @TempDir Path temp;

  @BeforeEach
  void root() {
    KernelLab.requireRoot();
  }

  private Process collector(KernelLab lab, String source, int run) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the shipped JVM options (./netcost collect, the images): the restart is exact
                // with the heap, the collections and the snapshot writer's loader they bring
                "@" + Path.of("../../conf/jvm/collector.options").toAbsolutePath().normalize(),
                "-cp",
                System.getProperty("java.class.path"),
                CollectorMain.class.getName(),
                "collect",
                "flows",
                "--cluster=test-cluster",
                "--node=node-a",
                "--node-ip=" + NODE_IP,
                "--pod-cidr=" + POD_CIDR,
                "--store=" + temp.resolve("store"),
                "--spool-dir=" + temp.resolve("spool"),
                "--window=PT1M",
                "--poll-interval=PT0.2S",
                "--checkpoint-interval=PT0S",
                "--command-prefix=ip netns exec " + lab.node,
                "--source=" + source,
                "--metrics-address="));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("collector-" + run + ".log").toFile())
        .start();
  }

  private String log(int run) {
    try {
      return Files.readString(temp.resolve("collector-" + run + ".log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private String trackedOrError(Path checkpoint) {
    try {
      return Integer.toString(
          FlowCollector.trackedConnections(
              checkpoint,
              new FlowCollector.Settings(
                  "test-cluster",
                  "node-a",
                  Duration.ofMinutes(1),
                  Duration.ofMillis(200),
                  temp,
                  10),
              new Metrics()));
    } catch (Exception e) {
      return e.toString();
    }
  }

  private int tracked(Path checkpoint) {
    try {
      return FlowCollector.trackedConnections(
          checkpoint,
          new FlowCollector.Settings(
              "test-cluster", "node-a", Duration.ofMinutes(1), Duration.ofMillis(200), temp, 10),
          new Metrics());
    } catch (IOException e) {
      return -1;
    }
  }

  @ParameterizedTest(name = "--source {0}")
  @ValueSource(strings = {"netlink", "conntrack"})
  void killDashNineAndRestartMidTransferCountsNothingTwice(String source) throws Exception {
    Path checkpoint = temp.resolve("spool/state/flows-node-a.checkpoint");
    Process first = null;
    Process second = null;
    try (KernelLab lab = new KernelLab();
        KernelLab.DestroyCapture capture = lab.new DestroyCapture()) {
      lab.servers("tcp:8080:1000");
      first = collector(lab, source, 1);
      KernelLab.await("the first checkpoint", () -> Files.exists(checkpoint), () -> log(1));
      Process client = lab.traffic(lab.node, "tcp " + PEER_IP + " 8080 4000000 80 100");
      KernelLab.await(
          "the transfer to be counted in a checkpoint",
          () -> tracked(checkpoint) >= 1,
          () -> "tracked " + trackedOrError(checkpoint) + "\n" + log(1));
      assertThat(client.isAlive()).as("kill -9 happens mid-transfer").isTrue();
      List<ProcessHandle> children = first.descendants().toList();
      first.destroyForcibly().waitFor();
      children.forEach(ProcessHandle::destroyForcibly); // the orphaned conntrack -E
      second = collector(lab, source, 2);
      assertThat(client.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(client.exitValue()).isZero();
      // the finished transfer waits in the table (TIME_WAIT) with its final counters; flush it
      // only once the restarted collector subscribed to DESTROY events (it logs this line after),
      // else its DESTROY would be missed by design (the collector was not running)
      KernelLab.await(
          "the restarted collector to subscribe",
          () -> log(2).contains("Collecting flows of node"),
          () -> log(2));
      lab.flush();
      KernelLab.await(
          "the DESTROY of the transfer",
          () -> capture.lines.stream().anyMatch(l -> l.contains("dport=8080")));
      KernelLab.await(
          "the restarted collector to count the DESTROY", () -> tracked(checkpoint) == 0);
      second.destroy(); // SIGTERM: flush the partial window
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      try (Stream<Path> left = Files.walk(temp.resolve("spool/outbox"))) {
        assertThat(left.filter(Files::isRegularFile).toList())
            .as("spool drained at shutdown")
            .isEmpty();
      }
      Map<String, long[]> expected = KernelOracle.expected(capture.lines);
      Map<String, long[]> actual = KernelOracle.snapshots(temp.resolve("store"));
      assertThat(KernelOracle.describe(actual))
          .as(Files.readString(temp.resolve("collector-2.log")))
          .isEqualTo(KernelOracle.describe(expected));
      assertThat(actual.get(NODE_IP + "|" + PEER_IP + "|8080|tcp|outbound")[0])
          .isGreaterThan(4_000_000);
    } finally {
      for (Process process : new Process[] {first, second}) {
        if (process != null) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      }
    }
  }
}
