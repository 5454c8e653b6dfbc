package dev.netcost.collector.flows;

import dev.netcost.collector.common.Metrics;
import dev.netcost.contract.Direction;
import dev.netcost.contract.FlowRecord;
import dev.netcost.contract.Protocol;
import dev.netcost.contract.SnapshotWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Not a test: the benchmark bench/collector-flows.sh runs inside a namespace holding a large
 * conntrack table. Measures the CPU time (this JVM plus the conntrack child it waits for) of full
 * poll cycles (dump, parse, delta, checkpoint), the process RSS, and snapshot bytes per flow row.
 *
 * <pre>args: polls stateDirectory [conntrack|proc]</pre>
 */
public final class FlowPollBenchmark {
  private FlowPollBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("snapshot")) {
      System.out.println(snapshotBytesPerRow(10_000));
      return;
    }
    int polls = Integer.parseInt(args[0]);
    Path state = Path.of(args[1]);
    String snapshot = snapshotBytesPerRow(10_000);
    Metrics metrics = new Metrics();
    FlowCollector collector =
        new FlowCollector(
            new FlowCollector.Settings(
                "bench", "bench-node", Duration.ofHours(1), Duration.ofSeconds(15), state, 10),
            args.length > 2 && args[2].equals("proc")
                ? new ProcConntrackSource(
                    new HostCommands(List.of()), Path.of("/proc/net/nf_conntrack"), metrics)
                : new ConntrackToolSource(new HostCommands(List.of()), "conntrack", metrics),
            new FlowClassifier(new LocalEndpoints(Set.of("10.99.0.1"), List.of("10.98.0.0/16"))),
            (key, bytes) -> {},
            metrics,
            Clock.systemUTC());
    collector.open(null);
    // the first cycle meets every entry for the first time; then steady state
    collector.cycle();
    collector.cycle();
    long[] cpu = new long[polls];
    long[] wall = new long[polls];
    for (int i = 0; i < polls; i++) {
      long cpuBefore = cpuNanos();
      long wallBefore = System.nanoTime();
      collector.cycle();
      wall[i] = System.nanoTime() - wallBefore;
      cpu[i] = cpuNanos() - cpuBefore;
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    System.out.printf(
        "entries=%d tracked=%d poll_cpu_ms_median=%.1f poll_cpu_ms_min=%.1f poll_wall_ms_median=%.1f"
            + " checkpoint_bytes=%d%n",
        (long) metrics.value("netcost_conntrack_dump_entries"),
        collector.accountant().trackedConnections(),
        cpu[polls / 2] / 1e6,
        cpu[0] / 1e6,
        wall[polls / 2] / 1e6,
        Files.size(state.resolve("flows-bench-node.checkpoint")));
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    System.out.printf(
        "heap_used_after_gc_mib=%.1f; %s%n",
        (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0, memory());
    System.out.println(snapshot);
  }

  /** This JVM's CPU plus that of its reaped children (the conntrack tool), from /proc. */
  private static long cpuNanos() throws Exception {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields after the command: state=0 ... utime=11 stime=12 cutime=13 cstime=14 (clock ticks)
    long childTicks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    long jvm =
        ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
            .getProcessCpuTime();
    return jvm + childTicks * 10_000_000L;
  }

  private static String memory() throws Exception {
    StringBuilder out = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS") || line.startsWith("VmHWM")) {
        out.append(line.replaceAll("\\s+", " ")).append("; ");
      }
    }
    return out.toString();
  }

  private static String snapshotBytesPerRow(int rows) {
    Instant start = Instant.parse("2026-11-26T00:00:00Z");
    List<FlowRecord> records = new ArrayList<>(rows);
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < rows; i++) {
      // realistic spread: 250 local endpoints, random peers and byte counts
      int r = random.nextInt(1 << 30);
      records.add(
          new FlowRecord(
              "bench",
              "bench-node",
              start,
              start.plusSeconds(3600),
              "10.98." + (i % 4) + "." + (i % 250 + 2),
              (r % 3 == 0 ? "52." : "10.")
                  + (r >>> 4 & 255)
                  + "."
                  + (r >>> 12 & 255)
                  + "."
                  + (r >>> 20 & 255),
              i % 10 == 0 ? Optional.of("172.20.0." + (i % 250 + 1)) : Optional.empty(),
              i % 7 == 0 ? Optional.of("10.99.0.1") : Optional.empty(),
              i % 5 == 0 ? Protocol.UDP : Protocol.TCP,
              new int[] {443, 80, 5432, 6379, 8080}[i % 5],
              i % 3 == 0 ? Direction.INBOUND : Direction.OUTBOUND,
              Math.abs(random.nextLong() % 50_000_000L),
              Math.abs(random.nextLong() % 500_000_000L),
              random.nextInt(40_000) + 1,
              random.nextInt(400_000) + 1,
              random.nextInt(50) + 1));
    }
    byte[] snapshot = SnapshotWriter.writeFlows(records, FlowCollector.WRITER);
    return String.format(
        "snapshot_rows=%d snapshot_bytes=%d bytes_per_row=%.1f",
        rows, snapshot.length, (double) snapshot.length / rows);
  }
}
