package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jobs dashboard's run_log panels (SQL for Grafana's Athena data source) run in DuckDB over a
 * table with the columns the nightly job writes: read from the writer's schema in Tables.java
 * (RUN_LOG_SCHEMA), plus the {@code date} partition of the table's layout. Grafana's {@code
 * $__timeFilter(column)} is expanded as the Athena data source does ({@code column BETWEEN
 * TIMESTAMP '…' AND TIMESTAMP '…'}).
 */
final class JobsDashboardSqlTest {
  private static final Pattern COLUMN =
      Pattern.compile("(required|optional)\\(\"(\\w+)\",\\s*(\\w+)\\)");
  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\((\\w+)\\)");
  private static final Map<String, String> DUCKDB_TYPES =
      Map.of(
          "StringType", "VARCHAR",
          "TimestampType", "TIMESTAMP",
          "IntegerType", "INTEGER",
          "LongType", "BIGINT",
          "MONEY", "DECIMAL(38,9)");

  /**
   * Column name to DuckDB type (with NOT NULL for the writer's required columns), in the writer's
   * order, from Tables.RUN_LOG_SCHEMA.
   */
  static Map<String, String> runLogColumns() {
    String source =
        MonitoringTest.read(
            Paths.repository()
                .resolve("batch-job/src/main/java/dev/netcost/job/nightly/Tables.java"));
    int start = source.indexOf("RUN_LOG_SCHEMA =");
    assertThat(start).as("Tables.java declares RUN_LOG_SCHEMA").isPositive();
    String block = source.substring(start, source.indexOf(");", start));
    Map<String, String> columns = new LinkedHashMap<>();
    Matcher matcher = COLUMN.matcher(block);
    while (matcher.find()) {
      String type = DUCKDB_TYPES.get(matcher.group(3));
      assertThat(type).as("DuckDB type of %s %s", matcher.group(2), matcher.group(3)).isNotNull();
      columns.put(
          matcher.group(2), type + (matcher.group(1).equals("required") ? " NOT NULL" : ""));
    }
    return columns;
  }

  @Test
  void runLogPanelsRunOverTheWritersColumns() throws SQLException {
    Map<String, String> columns = runLogColumns();
    assertThat(columns)
        .containsKeys("started_at", "finished_at", "files_quarantined", "rows_unpriced");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement()) {
      List<String> definitions = new ArrayList<>();
      columns.forEach((name, type) -> definitions.add("\"" + name + "\" " + type));
      definitions.add("\"date\" VARCHAR NOT NULL");
      sql.execute("CREATE SCHEMA netcost");
      sql.execute("CREATE TABLE netcost.run_log (" + String.join(", ", definitions) + ")");
      insert(
          sql,
          columns,
          Map.of(
              "date", "'2026-11-01'",
              "status", "'succeeded'",
              "started_at", "TIMESTAMP '2026-11-02 02:30:05'",
              "finished_at", "TIMESTAMP '2026-11-02 03:32:08'",
              "flow_rows_read", "48000000",
              "rows_written", "1200000",
              "files_quarantined", "2",
              "rows_quarantined", "17",
              "rows_unpriced", "3",
              "bytes_unpriced", "4096"));
      // a failed attempt of the same date before the good one: listed in Runs with its message,
      // kept out of the duration and count panels (its counts are 0, not the day's)
      insert(
          sql,
          columns,
          Map.of(
              "date", "'2026-11-01'",
              "status", "'failed'",
              "started_at", "TIMESTAMP '2026-11-02 02:00:03'",
              "finished_at", "TIMESTAMP '2026-11-02 02:00:41'",
              "message", "'No metadata snapshots for 2026-11-01'"));
      // outside the dashboard's time range below: filtered out
      insert(
          sql,
          columns,
          Map.of(
              "date", "'2026-11-03'",
              "status", "'succeeded'",
              "started_at", "TIMESTAMP '2026-11-04 02:30:00'",
              "finished_at", "TIMESTAMP '2026-11-04 02:50:00'"));
      Map<String, List<String>> results = new LinkedHashMap<>();
      JsonNode dashboard =
          JsonMapper.builder()
              .build()
              .readTree(
                  MonitoringTest.read(
                      Paths.k8s().resolve("monitoring/dashboards/netcost-jobs.json")));
      for (JsonNode panel : dashboard.get("panels")) {
        for (JsonNode target : panel.path("targets")) {
          if (target
              .path("datasource")
              .path("type")
              .asString("")
              .equals("grafana-athena-datasource")) {
            String query =
                TIME_FILTER
                    .matcher(target.get("rawSQL").asString())
                    .replaceAll(
                        "$1 BETWEEN TIMESTAMP '2026-11-01 00:00:00' AND TIMESTAMP '2026-11-03 00:00:00'");
            results.put(panel.get("title").asString(), rows(sql, query));
          }
        }
      }
      assertThat(results)
          .containsExactlyInAnyOrderEntriesOf(
              new LinkedHashMap<>(
                  Map.of(
                      "Nightly duration", List.of("2026-11-02 03:32:08 | 3723"),
                      "Rows read and written", List.of("2026-11-02 03:32:08 | 48000000 | 1200000"),
                      "Quarantined files and rows", List.of("2026-11-02 03:32:08 | 2 | 17"),
                      "Unpriced rows and bytes", List.of("2026-11-02 03:32:08 | 3 | 4096"),
                      "Runs",
                          List.of(
                              "2026-11-01 | succeeded | 2026-11-02 02:30:05 | 2026-11-02 03:32:08"
                                  + " | 0 | 0 | 2 | 17 | 3 | v | v",
                              "2026-11-01 | failed | 2026-11-02 02:00:03 | 2026-11-02 02:00:41"
                                  + " | 0 | 0 | 0 | 0 | 0 | v | No metadata snapshots for"
                                  + " 2026-11-01"))));
    }
  }

  /** One row: the given literals, and for every other column a neutral value of its type. */
  private static void insert(Statement sql, Map<String, String> columns, Map<String, String> values)
      throws SQLException {
    List<String> names = new ArrayList<>();
    List<String> literals = new ArrayList<>();
    Map<String, String> all = new LinkedHashMap<>(columns);
    all.put("date", "VARCHAR NOT NULL");
    for (Map.Entry<String, String> column : all.entrySet()) {
      names.add("\"" + column.getKey() + "\"");
      String literal = values.get(column.getKey());
      if (literal == null) {
        literal =
            switch (column.getValue().replace(" NOT NULL", "")) {
              case "VARCHAR" -> "'v'";
              case "TIMESTAMP" -> "TIMESTAMP '2026-11-02 00:00:00'";
              default -> "0";
            };
      }
      literals.add(literal);
    }
    sql.execute(
        "INSERT INTO netcost.run_log ("
            + String.join(", ", names)
            + ") VALUES ("
            + String.join(", ", literals)
            + ")");
  }

  private static List<String> rows(Statement sql, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet result = sql.executeQuery(query)) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = result.getObject(i);
          cells.add(
              value instanceof java.sql.Timestamp timestamp
                  ? timestamp.toLocalDateTime().toString().replace('T', ' ')
                  : value instanceof java.time.LocalDateTime time
                      ? time.toString().replace('T', ' ')
                      : String.valueOf(value));
        }
        rows.add(String.join(" | ", cells));
      }
    }
    return rows;
  }
}
