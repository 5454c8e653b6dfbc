package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Network totals computed straight from a sample with DuckDB SQL (its own CSV reader, its own
 * classification written as SQL), to check the Java readers and classifier against.
 */
final class IndependentSums {
  /** One group: the SQL query must return key, lines, list_cost, net_cost, usage_gib. */
  record Totals(long lines, BigDecimal listCost, BigDecimal netCost, BigDecimal usageGib) {}

  private IndependentSums() {}

  static Map<String, Totals> query(String sql) throws SQLException {
    Map<String, Totals> totals = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        totals.put(
            rows.getString("key"),
            new Totals(
                rows.getLong("lines"),
                rows.getBigDecimal("list_cost"),
                rows.getBigDecimal("net_cost"),
                rows.getBigDecimal("usage_gib")));
      }
    }
    return totals;
  }

  /** The Java side in the same shape: key text day/provider/kind/class/direction/region. */
  static Map<String, Totals> fromJava(Iterable<BillingLine> lines) {
    Map<String, Totals> totals = new TreeMap<>();
    BilledNetworkCosts.aggregate(lines, false)
        .forEach(
            (key, billed) ->
                totals.put(
                    key.toString(),
                    new Totals(
                        billed.lines(), billed.listCost(), billed.netCost(), billed.usageGib())));
    return totals;
  }

  /** Same keys, same line counts, and money and usage equal as numbers (scale ignored). */
  static void assertSameTotals(Map<String, Totals> java, Map<String, Totals> sql) {
    assertThat(java.keySet()).containsExactlyElementsOf(sql.keySet());
    sql.forEach(
        (key, expected) -> {
          Totals actual = java.get(key);
          assertThat(actual.lines()).as("lines of %s", key).isEqualTo(expected.lines());
          assertThat(actual.listCost())
              .as("list cost of %s", key)
              .isEqualByComparingTo(expected.listCost());
          assertThat(actual.netCost())
              .as("net cost of %s", key)
              .isEqualByComparingTo(expected.netCost());
          assertThat(actual.usageGib())
              .as("usage of %s", key)
              .isEqualByComparingTo(expected.usageGib());
        });
  }
}
