package dev.netcost.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SQL in docs/tables.md is the SQL shipped in sql/, and no table uses INT96 or MAP types. */
final class TestShippedSql {
  static final Path ROOT = Path.of(System.getProperty("netcost.repo.root", ".."));

  /**
   * docs/tables.md shows every example query verbatim and names every table's DDL file (the DDL's
   * columns are checked against the written Parquet by the batch-job test ShippedSqlTest).
   */
  @Test
  void docsShowTheQueriesVerbatimAndNameEveryDdlFile() throws IOException {
    String docs = Files.readString(ROOT.resolve("docs/tables.md"));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(ROOT.resolve("sql"))) {
      files =
          walk.filter(path -> path.toString().endsWith(".sql"))
              .filter(path -> !path.toString().contains("duckdb"))
              .sorted()
              .toList();
    }
    List<Path> queries =
        files.stream().filter(path -> path.toString().contains("queries")).toList();
    assertThat(queries).isNotEmpty();
    for (Path file : files) {
      if (queries.contains(file)) {
        assertThat(docs).as(file.toString()).contains(Files.readString(file).strip());
      } else {
        assertThat(docs)
            .as(file.toString())
            .contains(
                "`sql/" + ROOT.resolve("sql").relativize(file).toString().replace('\\', '/') + "`");
      }
    }
  }

  @Test
  void noInt96NoMapNoFloatingPointMoney() throws IOException {
    try (Stream<Path> walk = Files.walk(ROOT.resolve("sql"))) {
      for (Path file : walk.filter(path -> path.toString().endsWith(".sql")).toList()) {
        String sql = Files.readString(file);
        assertThat(sql).as(file.toString()).doesNotContainIgnoringCase("int96");
        assertThat(sql).as(file.toString()).doesNotContainIgnoringCase("map<");
        assertThat(sql).as(file.toString()).doesNotContainIgnoringCase(" double");
        assertThat(sql).as(file.toString()).doesNotContainIgnoringCase("float");
      }
    }
  }
}
