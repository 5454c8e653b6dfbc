package dev.netcost.job;

import dev.netcost.contract.Money;
import dev.netcost.contract.Sentinels;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.pricing.TrafficClass;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/** What the command line prints: run summaries and the per-team table. */
final class Reports {
  private Reports() {}

  static void printRun(PrintStream out, NightlyJob.Summary summary) {
    out.printf(
        "%s: %,d flow rows from %d snapshots (%d metadata snapshots, %,d ownership intervals) -> %,d network_flows rows%n",
        summary.date(),
        summary.flowRowsRead(),
        summary.flowFiles(),
        summary.metadataFiles(),
        summary.ownershipIntervals(),
        summary.rowsWritten());
    if (summary.ownersJoined()) {
      out.printf(
          "  ownership intervals joined to the flow rows in Spark (more intervals than"
              + " --max-broadcast-intervals)%n");
    }
    if (!summary.rejectedFiles().isEmpty()
        || summary.rowsQuarantined() > 0
        || summary.metadataRowsRejected() > 0) {
      out.printf(
          "  quarantined: %d files, %,d flow rows, %,d metadata rows (see quarantine/date=%s/)%n",
          summary.rejectedFiles().size(),
          summary.rowsQuarantined(),
          summary.metadataRowsRejected(),
          summary.date());
      summary.rejectedFiles().forEach(r -> out.printf("    %s: %s%n", r.path(), r.reason()));
    }
    if (summary.rowsUnpriced() > 0) {
      out.printf(
          "  unpriced: %,d rows, %s (class unknown, or a region the price sheet does not know; cost NULL)%n",
          summary.rowsUnpriced(), gib(summary.bytesUnpriced()));
    }
    if (summary.rowsLocalUnresolved() > 0) {
      out.printf(
          "  unresolved local addresses: %,d rows (team %s)%n",
          summary.rowsLocalUnresolved(), Sentinels.UNASSIGNED_TEAM);
    }
  }

  /** Totals of one team: bytes (egress + ingress) per class and cost. */
  static final class TeamTotals {
    final Map<TrafficClass, Long> bytes = new TreeMap<>();
    BigDecimal cost = BigDecimal.ZERO;
    long unpricedBytes;
  }

  static void accumulate(Map<String, TeamTotals> totals, List<Row> teamRows) {
    for (Row row : teamRows) {
      TeamTotals team = totals.computeIfAbsent(row.getString(0), t -> new TeamTotals());
      TrafficClass trafficClass = TrafficClass.fromWireName(row.getString(1));
      team.bytes.merge(trafficClass, row.getLong(2) + row.getLong(3), Long::sum);
      team.unpricedBytes += row.getLong(4);
      if (!row.isNullAt(5)) {
        team.cost = team.cost.add(row.getDecimal(5));
      }
    }
  }

  static void printTeams(PrintStream out, Map<String, TeamTotals> totals) {
    StringBuilder header = new StringBuilder(String.format("%-16s", "team"));
    for (TrafficClass trafficClass : TrafficClass.values()) {
      header.append(String.format(" %13s", trafficClass.wireName()));
    }
    header.append(String.format(" %14s", "cost (USD)"));
    out.println(header);
    out.println("-".repeat(header.length()));
    BigDecimal total = BigDecimal.ZERO;
    for (Map.Entry<String, TeamTotals> entry : totals.entrySet()) {
      StringBuilder line = new StringBuilder(String.format("%-16s", entry.getKey()));
      for (TrafficClass trafficClass : TrafficClass.values()) {
        line.append(
            String.format(" %13s", gib(entry.getValue().bytes.getOrDefault(trafficClass, 0L))));
      }
      // half-up to the cent, as the report shows money
      BigDecimal cost = Money.cents(entry.getValue().cost);
      line.append(String.format(" %14s", cost.toPlainString()));
      out.println(line);
      total = total.add(entry.getValue().cost);
    }
    out.println("-".repeat(header.length()));
    out.printf(
        "%-16s %" + (14 * TrafficClass.values().length + 14) + "s%n",
        "total",
        Money.cents(total).toPlainString());
    out.println(
        "Bytes are egress + ingress of each team's endpoints (GiB = 2^30 bytes); unknown is never priced.");
  }

  static String gib(long bytes) {
    return Money.gib(bytes).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " GiB";
  }
}
