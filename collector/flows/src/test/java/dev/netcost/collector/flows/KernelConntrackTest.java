package dev.netcost.collector.flows;

import static dev.netcost.collector.flows.KernelLab.NODE_IP;
import static dev.netcost.collector.flows.KernelLab.NODE_IP6;
import static dev.netcost.collector.flows.KernelLab.PEER_IP;
import static dev.netcost.collector.flows.KernelLab.PEER_IP6;
import static dev.netcost.collector.flows.KernelLab.POD_CIDR;
import static dev.netcost.collector.flows.KernelLab.POD_GATEWAY;
import static dev.netcost.collector.flows.KernelLab.POD_IP;
import static dev.netcost.collector.flows.KernelLab.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.collector.common.Metrics;
import dev.netcost.collector.common.StoreSnapshotSink;
import dev.netcost.store.LocalObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The collector against the real kernel conntrack, in private network namespaces. */
class KernelConntrackTest {
  @TempDir Path temp;

  @BeforeEach
  void root() {
    KernelLab.requireRoot();
  }

  /** A source with DESTROY events, as the agent builds it for {@code --source NAME}. */
  static ConntrackSource source(String name, HostCommands host, Metrics metrics) {
    return switch (name) {
      case "netlink" -> new NetlinkConntrackSource(host.networkNamespace(), metrics);
      case "conntrack" -> new ConntrackToolSource(host, "conntrack", metrics);
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** The event stream that goes with {@link #source}. */
  static EventStream events(
      String name,
      HostCommands host,
      long bufferBytes,
      EventStream.Listener listener,
      Metrics metrics) {
    return switch (name) {
      case "netlink" -> new NetlinkEvents(host.networkNamespace(), bufferBytes, listener, metrics);
      case "conntrack" -> new ConntrackEvents(host, "conntrack", bufferBytes, listener, metrics);
      default -> throw new IllegalArgumentException(name);
    };
  }

  private FlowCollector collector(KernelLab lab, String source, Duration poll, Metrics metrics)
      throws Exception {
    HostCommands host = new HostCommands(List.of("ip", "netns", "exec", lab.node));
    ConntrackAccounting.ensureEnabled(host, true);
    FlowClassifier classifier =
        new FlowClassifier(
            new LocalEndpoints(Set.of(NODE_IP, NODE_IP6, POD_GATEWAY), List.of(POD_CIDR)));
    FlowCollector collector =
        new FlowCollector(
            new FlowCollector.Settings(
                "test-cluster", "node-a", Duration.ofMinutes(1), poll, temp.resolve("state"), 10),
            source(source, host, metrics),
            classifier,
            new StoreSnapshotSink(new LocalObjectStore(temp.resolve("store"))),
            metrics,
            Clock.systemUTC());
    collector.open(listener -> events(source, host, 8 << 20, listener, metrics));
    return collector;
  }

  /**
   * Flushes the table and waits until the independent capture has the DESTROY of every entry that
   * was in the table, and the collector has processed as many DESTROY events as the capture saw.
   */
  static void flushAndSettle(KernelLab lab, KernelLab.DestroyCapture capture, Metrics metrics)
      throws Exception {
    Set<String> ids = new java.util.HashSet<>();
    for (String line : lab.stdout(lab.node, "conntrack", "-L", "-o", "extended,id").split("\n")) {
      if (line.contains(" id=")) {
        ids.add(conntrackId(line));
      }
    }
    lab.flush();
    KernelLab.await(
        "the capture to see the DESTROY of every flushed entry",
        () -> {
          Set<String> seen = new java.util.HashSet<>();
          for (String line : capture.lines) {
            seen.add(conntrackId(line));
          }
          return seen.containsAll(ids);
        },
        () -> "flushed " + ids + "\ncaptured " + capture.lines);
    KernelLab.await(
        "the collector to process every DESTROY event the capture saw",
        () -> metrics.value("netcost_conntrack_destroy_events_total") == capture.lines.size(),
        () ->
            "collector "
                + metrics.value("netcost_conntrack_destroy_events_total")
                + ", capture "
                + capture.lines.size());
  }

  /**
   * The conntrack id of a listing or event line: the last {@code id=} (ICMP has its own before).
   */
  private static String conntrackId(String line) {
    int start = line.lastIndexOf(" id=") + 4;
    int end = line.indexOf(' ', start);
    return end < 0 ? line.substring(start).strip() : line.substring(start, end);
  }

  @ParameterizedTest(name = "--source {0}")
  @ValueSource(strings = {"netlink", "conntrack"})
  void snapshotBytesEqualTheKernelsCountersForEveryKindOfTraffic(String source) throws Exception {
    Metrics metrics = new Metrics();
    try (KernelLab lab = new KernelLab();
        KernelLab.DestroyCapture capture = lab.new DestroyCapture()) {
      lab.servers("tcp:8080:1000", "tcp:8081:200", "udp:9090:500");
      FlowCollector collector = collector(lab, source, Duration.ofMillis(200), metrics);
      try {
        collector.start();
        // a long transfer over many polls, to the peer and to the "ClusterIP"
        lab.run(
            lab.node,
            "tcp " + PEER_IP + " 8080 3000000 20 150",
            "tcp " + VIP + " 80 1000000 5 100",
            "udp " + PEER_IP6 + " 9090 300 5",
            "ping " + PEER_IP + " 3",
            "ping " + PEER_IP6 + " 2");
        // pod traffic: SNAT (masquerade) to the peer and DNAT+SNAT via the "ClusterIP"
        lab.run(
            lab.pod,
            "many " + PEER_IP + " 8081 5 1000",
            "tcp " + VIP + " 80 50000 2 50",
            "udp " + PEER_IP + " 9090 200 3");
        flushAndSettle(lab, capture, metrics);
        assertThat(metrics.value("netcost_conntrack_dumps_total", "result", "ok")).isGreaterThan(5);
      } finally {
        collector.stopAndWait(Duration.ofSeconds(60));
        collector.close();
      }
      Map<String, long[]> expected = KernelOracle.expected(capture.lines);
      Map<String, long[]> actual = KernelOracle.snapshots(temp.resolve("store"));
      assertThat(KernelOracle.describe(actual)).isEqualTo(KernelOracle.describe(expected));
      // the rows the scenario is about are really there
      assertThat(actual)
          .containsKeys(
              NODE_IP + "|" + PEER_IP + "|8080|tcp|outbound",
              NODE_IP6 + "|" + PEER_IP6 + "|9090|udp|outbound",
              NODE_IP + "|" + PEER_IP + "|0|icmp|outbound",
              NODE_IP6 + "|" + PEER_IP6 + "|0|icmpv6|outbound",
              POD_IP + "|" + PEER_IP + "|8081|tcp|outbound",
              POD_IP + "|" + PEER_IP + "|9090|udp|outbound");
      assertThat(actual.get(NODE_IP + "|" + PEER_IP + "|8080|tcp|outbound")[0])
          .isGreaterThan(3_000_000 + 1_000_000);
      // DNAT: the backend is the peer, the VIP is only the pre-NAT address; SNAT is recorded
      Map<String, long[]> nat =
          KernelOracle.query(
              temp.resolve("store"),
              "SELECT local_ip || '|' || peer_ip || '|' || coalesce(peer_pre_nat_ip, '-') || '|'"
                  + " || coalesce(snat_ip, '-') || '|' || server_port, sum(connections)"
                  + " FROM read_parquet('%s/**/*.parquet') WHERE protocol = 'tcp' GROUP BY 1");
      assertThat(nat)
          .containsOnlyKeys(
              NODE_IP + "|" + PEER_IP + "|-|-|8080",
              NODE_IP + "|" + PEER_IP + "|" + VIP + "|-|8080",
              POD_IP + "|" + PEER_IP + "|-|" + NODE_IP + "|8081",
              POD_IP + "|" + PEER_IP + "|" + VIP + "|" + NODE_IP + "|8080");
      assertThat(nat.get(POD_IP + "|" + PEER_IP + "|-|" + NODE_IP + "|8081")).containsExactly(5);
    }
  }

  @ParameterizedTest(name = "--source {0}")
  @ValueSource(strings = {"netlink", "conntrack"})
  void moreThanAHundredShortConnectionsBetweenTwoPollsAreCountedExactly(String source)
      throws Exception {
    Metrics metrics = new Metrics();
    try (KernelLab lab = new KernelLab();
        KernelLab.DestroyCapture capture = lab.new DestroyCapture()) {
      lab.servers("tcp:8081:200");
      // the poll interval is the whole window: only the start-up dump and the final one run
      FlowCollector collector = collector(lab, source, Duration.ofMinutes(1), metrics);
      try {
        collector.start();
        KernelLab.await(
            "the first dump",
            () -> metrics.value("netcost_conntrack_dumps_total", "result", "ok") >= 1);
        lab.run(lab.pod, "many " + PEER_IP + " 8081 120 100");
        flushAndSettle(lab, capture, metrics);
      } finally {
        collector.stopAndWait(Duration.ofSeconds(60));
        collector.close();
      }
      Map<String, long[]> expected = KernelOracle.expected(capture.lines);
      Map<String, long[]> actual = KernelOracle.snapshots(temp.resolve("store"));
      assertThat(KernelOracle.describe(actual)).isEqualTo(KernelOracle.describe(expected));
      Map<String, long[]> connections =
          KernelOracle.query(
              temp.resolve("store"),
              "SELECT peer_ip, sum(connections) FROM read_parquet('%s/**/*.parquet') GROUP BY 1");
      assertThat(connections.get(PEER_IP)).containsExactly(120);
    }
  }
}
