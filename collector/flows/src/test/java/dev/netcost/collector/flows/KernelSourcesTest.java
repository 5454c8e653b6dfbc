package dev.netcost.collector.flows;

import static dev.netcost.collector.flows.KernelLab.NODE_IP;
import static dev.netcost.collector.flows.KernelLab.NODE_IP6;
import static dev.netcost.collector.flows.KernelLab.PEER_IP;
import static dev.netcost.collector.flows.KernelLab.POD_CIDR;
import static dev.netcost.collector.flows.KernelLab.POD_GATEWAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.collector.common.Metrics;
import dev.netcost.collector.common.StoreSnapshotSink;
import dev.netcost.store.LocalObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The accounting switch, the /proc fallback and event loss, against the real kernel. */
class KernelSourcesTest {
  @TempDir Path temp;

  @BeforeEach
  void root() {
    KernelLab.requireRoot();
  }

  private FlowCollector collector(
      KernelLab lab, ConntrackSource source, Duration poll, int grace, Metrics metrics)
      throws Exception {
    return new FlowCollector(
        new FlowCollector.Settings(
            "test-cluster", "node-a", Duration.ofMinutes(1), poll, temp.resolve("state"), grace),
        source,
        new FlowClassifier(
            new LocalEndpoints(Set.of(NODE_IP, NODE_IP6, POD_GATEWAY), List.of(POD_CIDR))),
        new StoreSnapshotSink(new LocalObjectStore(temp.resolve("store"))),
        metrics,
        Clock.systemUTC());
  }

  @Test
  void accountingIsSwitchedOnOrTheStartFailsWithWhatToDo() throws Exception {
    try (KernelLab lab = new KernelLab()) {
      HostCommands host = new HostCommands(List.of("ip", "netns", "exec", lab.node));
      lab.in(lab.node, "sysctl", "-q", "-w", "net.netfilter.nf_conntrack_acct=0");
      assertThatThrownBy(() -> ConntrackAccounting.ensureEnabled(host, false))
          .hasMessage(
              "net.netfilter.nf_conntrack_acct is 0, so conntrack has no byte counters: run"
                  + " `sysctl -w net.netfilter.nf_conntrack_acct=1` on the node (as root), or run"
                  + " the agent with CAP_NET_ADMIN and a writable /proc/sys/net/netfilter and"
                  + " without --no-enable-accounting");
      assertThat(ConntrackAccounting.ensureEnabled(host, true)).isTrue();
      assertThat(lab.in(lab.node, "cat", "/proc/sys/net/netfilter/nf_conntrack_acct").strip())
          .isEqualTo("1");
      assertThat(ConntrackAccounting.ensureEnabled(host, true)).isFalse();
    }
  }

  @Test
  void procFallbackCountsLongConnectionsExactly() throws Exception {
    Metrics metrics = new Metrics();
    try (KernelLab lab = new KernelLab()) {
      lab.servers("tcp:8080:1000");
      HostCommands host = new HostCommands(List.of("ip", "netns", "exec", lab.node));
      FlowCollector collector =
          collector(
              lab,
              new ProcConntrackSource(host, Path.of("/proc/net/nf_conntrack"), metrics),
              Duration.ofMillis(200),
              0,
              metrics);
      collector.open(null);
      String kernelLine;
      try {
        collector.start();
        // 2 MB in 40 paced sends, about 4 s: polled every 200 ms, the connection is read from the
        // table many times while it grows (10 sends, about 1 s, left only 3 polls on a loaded CI
        // machine)
        lab.run(lab.node, "tcp " + PEER_IP + " 8080 2000000 40 100");
        KernelLab.await(
            "four dumps", () -> metrics.value("netcost_conntrack_dumps_total", "result", "ok") > 3);
        // the finished connection stays in the table (TIME_WAIT) with its final counters
        kernelLine =
            Arrays.stream(lab.stdout(lab.node, "conntrack", "-L", "-o", "extended,id").split("\n"))
                .filter(l -> l.contains("dport=8080"))
                .findFirst()
                .orElseThrow();
      } finally {
        collector.stopAndWait(Duration.ofSeconds(60));
        collector.close();
      }
      Map<String, long[]> expected = KernelOracle.expected(List.of("[DESTROY] " + kernelLine));
      Map<String, long[]> actual = KernelOracle.snapshots(temp.resolve("store"));
      assertThat(KernelOracle.describe(actual)).isEqualTo(KernelOracle.describe(expected));
      assertThat(metrics.value("netcost_conntrack_dumps_total", "result", "ok")).isGreaterThan(3);
    }
  }

  private final List<String> kernel = new java.util.ArrayList<>();

  /** Short connections flushed at once: ~250 KB of event lines, far beyond every buffer. */
  private static final int CONNECTIONS = 1000;

  /** Holds the reader thread on its first event until {@code released}, then passes through. */
  private record HeldUntil(CountDownLatch released, EventStream.Listener delegate)
      implements EventStream.Listener {
    @Override
    public void destroyed(ConntrackEntry entry) throws InterruptedException {
      if (!released.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the flush never finished");
      }
      delegate.destroyed(entry);
    }

    @Override
    public void lost(String reason) {
      delegate.lost(reason);
    }
  }

  @ParameterizedTest(name = "--source {0}")
  @ValueSource(strings = {"netlink", "conntrack"})
  void eventLossIsCountedAndFollowedByAFullDump(String source) throws Exception {
    Metrics metrics = new Metrics();
    try (KernelLab lab = new KernelLab();
        KernelLab.DestroyCapture capture = lab.new DestroyCapture()) {
      lab.servers("tcp:8081:200");
      HostCommands host = new HostCommands(List.of("ip", "netns", "exec", lab.node));
      FlowCollector collector =
          collector(
              lab,
              KernelConntrackTest.source(source, host, metrics),
              Duration.ofMinutes(1),
              1,
              metrics);
      // A tiny event socket buffer and a reader that falls behind, as a busy node's does: the
      // reader is held on the first event until the flush is over, so the burst of DESTROY events
      // fills the socket buffer (and, for the conntrack tool, the pipe to it: 64 KiB, fewer bytes
      // than CONNECTIONS lines) and the kernel drops the rest. Without the hold the loss depended
      // on the reader losing a race with the flush (it won it on an idle CI machine).
      CountDownLatch flushed = new CountDownLatch(1);
      collector.open(
          listener ->
              KernelConntrackTest.events(
                  source, host, 2048, new HeldUntil(flushed, listener), metrics));
      try {
        collector.start();
        KernelLab.await(
            "the first dump",
            () -> metrics.value("netcost_conntrack_dumps_total", "result", "ok") >= 1);
        lab.run(lab.pod, "many " + PEER_IP + " 8081 " + CONNECTIONS + " 100");
        // the kernel's final counters: connections already destroyed, plus those still in the
        // table (TIME_WAIT, final counters) that the flush is about to destroy
        kernel.addAll(capture.lines);
        Arrays.stream(lab.stdout(lab.node, "conntrack", "-L", "-o", "extended,id").split("\n"))
            .filter(l -> l.contains("dport=8081"))
            .forEach(l -> kernel.add("[DESTROY] " + l));
        lab.flush();
        flushed.countDown();
        KernelLab.await(
            "an event loss", () -> metrics.value("netcost_conntrack_events_lost_total") >= 1);
        KernelLab.await(
            "the resynchronising dump",
            () -> metrics.value("netcost_conntrack_dumps_total", "result", "ok") >= 2);
      } finally {
        collector.stopAndWait(Duration.ofSeconds(60));
        collector.close();
      }
      assertThat(kernel).hasSize(CONNECTIONS);
      assertThat(metrics.value("netcost_conntrack_destroy_events_total")).isLessThan(CONNECTIONS);
      // nothing is counted twice: every row is at most the kernel's counters
      Map<String, long[]> expected = KernelOracle.expected(kernel);
      Map<String, long[]> actual = KernelOracle.snapshots(temp.resolve("store"));
      assertThat(actual).isNotEmpty();
      actual.forEach(
          (key, values) -> {
            assertThat(expected).containsKey(key);
            for (int i = 0; i < values.length; i++) {
              assertThat(values[i]).as(key).isLessThanOrEqualTo(expected.get(key)[i]);
            }
          });
    }
  }
}
