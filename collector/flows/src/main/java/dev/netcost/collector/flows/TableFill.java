package dev.netcost.collector.flows;

import dev.netcost.collector.common.Metrics;
import java.io.IOException;
import java.nio.file.Path;

/** Exposes how full the conntrack table is: {@code nf_conntrack_count / nf_conntrack_max}. */
final class TableFill {
  private static final Path COUNT = Path.of("/proc/sys/net/netfilter/nf_conntrack_count");
  private static final Path MAX = Path.of("/proc/sys/net/netfilter/nf_conntrack_max");

  private TableFill() {}

  /** The table's current entry count ({@code nf_conntrack_count}), or 0 when unreadable. */
  static int count(HostCommands host) {
    try {
      return Integer.parseInt(host.read(COUNT).strip());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  static void register(Metrics metrics, HostCommands host) {
    metrics.gauge(
        "netcost_conntrack_table_fill_ratio",
        "nf_conntrack_count / nf_conntrack_max (a full table drops new connections)",
        () -> {
          try {
            double count = Double.parseDouble(host.read(COUNT).strip());
            double max = Double.parseDouble(host.read(MAX).strip());
            return max > 0 ? count / max : Double.NaN;
          } catch (IOException | NumberFormatException e) {
            return Double.NaN;
          }
        });
  }
}
