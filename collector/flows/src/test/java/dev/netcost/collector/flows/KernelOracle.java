package dev.netcost.collector.flows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests' own reading of the kernel's final counters (DESTROY event lines, parsed here with a
 * regular expression, independently of the collector's parser) and of the snapshots (through DuckDB
 * over the Parquet files), both reduced to "local|peer|port|protocol|direction" → [sent bytes,
 * received bytes, sent packets, received packets].
 */
final class KernelOracle {
  private static final Pattern DESTROY =
      Pattern.compile(
          "^\\[DESTROY\\] ipv[46]\\s+\\d+ (\\w+)\\s+\\d+ .*?src=(\\S+) dst=(\\S+) (?:sport=(\\d+) dport=(\\d+) |type=\\d+ code=\\d+ id=\\d+ )"
              + "packets=(\\d+) bytes=(\\d+) .*?src=(\\S+) dst=(\\S+) (?:sport=(\\d+) dport=(\\d+) |type=\\d+ code=\\d+ id=\\d+ )"
              + "packets=(\\d+) bytes=(\\d+)");

  private KernelOracle() {}

  static boolean isLocal(String ip) {
    return ip.equals(KernelLab.NODE_IP)
        || ip.equals(KernelLab.NODE_IP6)
        || ip.startsWith("10.99.2.");
  }

  /** Expected rows from DESTROY lines: each connection's final counters, per local side. */
  static Map<String, long[]> expected(List<String> destroyLines) {
    Map<String, long[]> expected = new TreeMap<>();
    for (String line : destroyLines) {
      Matcher m = DESTROY.matcher(line);
      if (!m.find()) {
        throw new AssertionError("Unexpected DESTROY line: " + line);
      }
      String protocol = m.group(1);
      String origSrc = m.group(2);
      long origPackets = Long.parseLong(m.group(6));
      long origBytes = Long.parseLong(m.group(7));
      String replySrc = m.group(8);
      String port = m.group(10) == null ? "0" : m.group(10);
      long replyPackets = Long.parseLong(m.group(12));
      long replyBytes = Long.parseLong(m.group(13));
      if (isLocal(origSrc)) {
        add(
            expected,
            origSrc + "|" + replySrc + "|" + port + "|" + protocol + "|outbound",
            origBytes,
            replyBytes,
            origPackets,
            replyPackets);
      }
      if (isLocal(replySrc)) {
        add(
            expected,
            replySrc + "|" + origSrc + "|" + port + "|" + protocol + "|inbound",
            replyBytes,
            origBytes,
            replyPackets,
            origPackets);
      }
    }
    return expected;
  }

  private static void add(Map<String, long[]> map, String key, long... values) {
    long[] totals = map.computeIfAbsent(key, k -> new long[4]);
    for (int i = 0; i < 4; i++) {
      totals[i] += values[i];
    }
  }

  /** The snapshots under {@code root}, summed over windows and parts. */
  static Map<String, long[]> snapshots(Path root) throws SQLException {
    return query(
        root,
        "SELECT local_ip || '|' || peer_ip || '|' || server_port || '|' || protocol || '|' || direction,"
            + " sum(sent_bytes), sum(received_bytes), sum(sent_packets), sum(received_packets)"
            + " FROM read_parquet('%s/**/*.parquet') GROUP BY 1");
  }

  static Map<String, long[]> query(Path root, String sql) throws SQLException {
    Map<String, long[]> result = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql.formatted(root))) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        long[] values = new long[columns - 1];
        for (int i = 0; i < values.length; i++) {
          values[i] = rows.getLong(i + 2);
        }
        result.put(rows.getString(1), values);
      }
    }
    return result;
  }

  static String describe(Map<String, long[]> map) {
    StringBuilder out = new StringBuilder();
    map.forEach(
        (k, v) -> out.append(k).append(" = ").append(java.util.Arrays.toString(v)).append('\n'));
    return out.toString();
  }
}
