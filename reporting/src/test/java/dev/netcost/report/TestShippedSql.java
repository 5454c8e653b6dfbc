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

  @Test
  void docsShowTheShippedSqlVerbatim() throws IOException {
    String docs = Files.readString(ROOT.resolve("docs/tables.md"));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(ROOT.resolve("sql"))) {
      files =
          walk.filter(path -> path.toString().endsWith(".sql"))
              .filter(path -> !path.toString().contains("duckdb"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSize(4 + 4 + 5 + 5);
    for (Path file : files) {
      assertThat(docs).as(file.toString()).contains(Files.readString(file).strip());
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
