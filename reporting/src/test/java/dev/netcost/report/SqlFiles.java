package dev.netcost.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the shipped SQL files: column lists of the DDL, statements, the DuckDB dialect switch. */
final class SqlFiles {
  private static final Pattern COLUMN =
      Pattern.compile("^\\s+([a-z_]+)\\s+([a-zA-Z0-9(),]+?),?\\s*$");

  private SqlFiles() {}

  /** "name type" of the columns between "CREATE ... (" and the closing ")". */
  static List<String> athenaColumns(Path file) throws IOException {
    return columns(file);
  }

  static List<String> bigQueryColumns(Path file) throws IOException {
    return columns(file);
  }

  private static List<String> columns(Path file) throws IOException {
    List<String> columns = new ArrayList<>();
    boolean inside = false;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("CREATE ")) {
        inside = true;
        continue;
      }
      if (inside && line.startsWith(")")) {
        break;
      }
      if (inside) {
        Matcher matcher = COLUMN.matcher(line);
        if (!matcher.matches()) {
          throw new AssertionError("Unparsable column line in " + file + ": " + line);
        }
        columns.add(matcher.group(1) + " " + matcher.group(2));
      }
    }
    return columns;
  }

  static String athenaToBigQuery(String column) {
    String[] parts = column.split(" ");
    String type =
        switch (parts[1]) {
          case "string" -> "STRING";
          case "bigint", "int" -> "INT64";
          case "decimal(38,9)" -> "NUMERIC";
          case "timestamp" -> "TIMESTAMP";
          default -> throw new AssertionError("no BigQuery type for " + column);
        };
    return parts[0] + " " + type;
  }

  /**
   * The query as DuckDB runs it: Athena files unchanged; BigQuery files with the documented switch
   * (`netcost.table` to netcost.table, other backticks to double quotes).
   */
  static String forDuckDb(String dialect, Path file) throws IOException {
    String sql = Files.readString(file);
    return switch (dialect) {
      case "athena" -> sql;
      case "bigquery" -> sql.replaceAll("`(netcost\\.[a-z_]+)`", "$1").replace('`', '"');
      default -> throw new IllegalArgumentException("Unknown dialect: " + dialect);
    };
  }

  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        statements.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }
}
