package dev.netcost.collector.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.collector.common.Metrics;
import dev.netcost.contract.ObjectKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows, sequences and restarts with a hand-written table and a settable clock. */
class FlowCollectorWindowTest {
  private static final Instant T0 = Instant.parse("2026-11-26T22:00:10Z");

  @TempDir Path temp;

  static final class SettableClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A conntrack table held in memory. */
  static final class FakeTable implements ConntrackSource {
    final List<ConntrackEntry> entries = new ArrayList<>();

    @Override
    public DumpResult dump(DumpSink sink) {
      entries.forEach(sink);
      return new DumpResult(entries.size(), 0);
    }

    @Override
    public boolean hasEvents() {
      return false;
    }

    @Override
    public String description() {
      return "fake";
    }
  }

  private final SettableClock clock = new SettableClock();
  private final FakeTable table = new FakeTable();
  private final Map<String, byte[]> published = new LinkedHashMap<>();

  private FlowCollector collector() throws Exception {
    FlowCollector collector =
        new FlowCollector(
            new FlowCollector.Settings(
                "c1", "n1", Duration.ofMinutes(1), Duration.ofSeconds(10), temp, 0),
            table,
            new FlowClassifier(new LocalEndpoints(Set.of("10.0.0.1"), List.of())),
            published::put,
            new Metrics(),
            clock);
    collector.open(null);
    return collector;
  }

  private static String key(String start, int sequence) {
    return ObjectKeys.flowSnapshot("c1", "n1", Instant.parse(start), sequence);
  }

  @Test
  void failingDumpsMakeHealthFailWithTheError() throws Exception {
    FlowCollector collector =
        new FlowCollector(
            new FlowCollector.Settings(
                "c1", "n1", Duration.ofMinutes(1), Duration.ofSeconds(10), temp, 0),
            new ConntrackSource() {
              @Override
              public DumpResult dump(DumpSink sink) throws java.io.IOException {
                throw new java.io.IOException("socket(AF_NETLINK) failed: EPERM");
              }

              @Override
              public boolean hasEvents() {
                return false;
              }

              @Override
              public String description() {
                return "failing";
              }
            },
            new FlowClassifier(new LocalEndpoints(Set.of("10.0.0.1"), List.of())),
            published::put,
            new Metrics(),
            clock);
    collector.open(null);
    table.entries.clear();
    collector.cycle();
    clock.now = T0.plusSeconds(60); // 3 polls + 30 s: a failing start still has its grace
    collector.cycle();
    assertThat(collector.health().healthy()).isTrue();
    clock.now = T0.plusSeconds(61);
    assertThat(collector.health())
        .isEqualTo(
            new dev.netcost.collector.common.MetricsServer.Health(
                false,
                "no successful conntrack dump since the start 61 s ago: socket(AF_NETLINK) failed:"
                    + " EPERM"));
    assertThat(collector.metrics().value("netcost_conntrack_dumps_total", "result", "failed"))
        .isEqualTo(2);
  }

  @Test
  void windowsCloseGracefulStopsSplitThemAndRestartsNeverRecount() throws Exception {
    FlowCollector first = collector();
    table.entries.add(FlowAccountantTest.tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 100, 1000));
    first.cycle();
    clock.now = Instant.parse("2026-11-26T22:01:00Z");
    table.entries.set(0, FlowAccountantTest.tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 150, 1000));
    first.cycle(); // counts +50, then closes 22:00
    assertThat(published.keySet()).containsExactly(key("2026-11-26T22:00:00Z", 0));
    assertThat(first.accountant().windowIsEmpty()).isTrue();

    clock.now = Instant.parse("2026-11-26T22:01:20Z");
    table.entries.set(0, FlowAccountantTest.tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 170, 1000));
    first.stop();
    first.runLoop(); // SIGTERM path: final dump (+20), partial window as part 0
    assertThat(published.keySet())
        .containsExactly(key("2026-11-26T22:00:00Z", 0), key("2026-11-26T22:01:00Z", 0));

    // restart in the same window: continues as part 1, and what was counted is not recounted
    FlowCollector second = collector();
    assertThat(second.accountant().sequence()).isEqualTo(1);
    second.cycle();
    assertThat(second.accountant().windowIsEmpty()).isTrue();
    table.entries.set(0, FlowAccountantTest.tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 171, 1000));
    clock.now = Instant.parse("2026-11-26T22:02:00Z");
    second.cycle();
    assertThat(published.keySet())
        .containsExactly(
            key("2026-11-26T22:00:00Z", 0),
            key("2026-11-26T22:01:00Z", 0),
            key("2026-11-26T22:01:00Z", 1));
    // every byte of the connection exactly once over the three snapshots: 171 sent, 1000 received
    Path files = temp.resolve("snapshots");
    int n = 0;
    for (byte[] snapshot : published.values()) {
      java.nio.file.Files.createDirectories(files);
      java.nio.file.Files.write(files.resolve("s" + n++ + ".parquet"), snapshot);
    }
    assertThat(
            KernelOracle.query(
                    files,
                    "SELECT local_ip || '|' || peer_ip, sum(sent_bytes), sum(received_bytes),"
                        + " count(*) FROM read_parquet('%s/*.parquet') GROUP BY 1")
                .get("10.0.0.1|10.0.0.9"))
        .containsExactly(171, 1000, 3);
    // kill -9 right after a window close: the checkpoint is the state after it, nothing repeats
    Map<String, byte[]> before = new LinkedHashMap<>(published);
    FlowCollector third = collector();
    third.cycle();
    assertThat(published).isEqualTo(before);
  }
}
