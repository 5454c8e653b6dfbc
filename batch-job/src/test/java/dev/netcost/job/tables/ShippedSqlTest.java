package dev.netcost.job.tables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.billing.BillingFormat;
import dev.netcost.contract.IpPrefix;
import dev.netcost.demo.BillGenerator;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.SharedSpark;
import dev.netcost.job.attribution.RunPricing;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.job.nightly.Reconciliation;
import dev.netcost.pricing.PriceBook;
import dev.netcost.report.MonthlyReport;
import dev.netcost.report.ReportOptions;
import dev.netcost.signals.DemoGeoDatabases;
import dev.netcost.signals.EgressSignals;
import dev.netcost.signals.SignalsConfig;
import dev.netcost.store.LocalObjectStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL as shipped (sql/) and the tables as docs/tables.md describes them, against the Parquet
 * the real writers produce: the nightly job, the reconciliation, the egress signals and the monthly
 * report run on a small generated store with its synthetic bill. Every table under tables/ has an
 * Athena DDL, a BigQuery DDL and a DuckDB view whose columns and types are the files' (in both
 * directions), docs/tables.md lists exactly those columns with those types and states a grain that
 * is unique in the data, and every example query under sql/queries runs on DuckDB.
 */
class ShippedSqlTest {
  private static final Path ROOT =
      Path.of(System.getProperty("netcost.repo.root", "..")).normalize();
  private static final Path SQL = ROOT.resolve("sql");
  private static final LocalDate DAY_1 = LocalDate.parse("2026-11-01");
  private static final LocalDate DAY_2 = LocalDate.parse("2026-11-02");
  private static final Pattern DDL_COLUMN =
      Pattern.compile("^\\s+([a-z_]+)\\s+([a-zA-Z0-9(),]+?),?\\s*$");
  private static final Pattern DOC_COLUMN =
      Pattern.compile("^\\| `([a-z_]+)`( \\(partition\\))? \\| ([^|]+?) \\| ([^|]+?) \\|.*$");

  @TempDir static Path store;

  @BeforeAll
  static void writeEveryTable() throws IOException {
    SparkSession spark = SharedSpark.get();
    ClusterGenerator generator =
        new ClusterGenerator(
            new ClusterGenerator.Options("demo", DAY_1, 2, 7L, 5), PriceBook.bundled());
    LocalObjectStore objects = new LocalObjectStore(store);
    generator.generate(objects);
    BillGenerator.write(objects, generator.billUsage(), BillGenerator.Options.demo());
    Path geo = store.resolve("geoip");
    DemoGeoDatabases.write(geo);
    SignalsConfig signals =
        SignalsConfig.parse(
            "geoip.country_database = "
                + geo.resolve("demo-country.mmdb")
                + "\ngeoip.asn_database = "
                + geo.resolve("demo-asn.mmdb")
                + "\n",
            "test");
    String root = store.toUri().toString();
    for (LocalDate date : List.of(DAY_1, DAY_2)) {
      NightlyJob.run(
          spark,
          new NightlyJob.Config(
              root,
              date,
              "aws",
              List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
              RunPricing.defaults(),
              "USD",
              false));
      Reconciliation.run(
          spark,
          Reconciliation.Config.of(
              root,
              date,
              store.resolve(BillGenerator.PREFIX).toUri().toString(),
              BillingFormat.AWS_CUR,
              "aws"));
      EgressSignals.run(spark, root, date, signals);
    }
    MonthlyReport.run(
        spark,
        root,
        YearMonth.of(2026, 11),
        new ReportOptions(
            Clock.fixed(Instant.parse("2026-12-02T07:00:00Z"), ZoneOffset.UTC),
            Optional.empty(),
            ReportOptions.Pdf.SKIP));
  }

  // ---------------------------------------------------------------- the written tables

  private static List<String> tables() throws IOException {
    try (Stream<Path> list = Files.list(store.resolve("tables"))) {
      return list.filter(Files::isDirectory)
          .map(path -> path.getFileName().toString())
          .filter(name -> !name.startsWith("_"))
          .sorted()
          .toList();
    }
  }

  private static String glob(String table) {
    return store.resolve("tables/" + table + "/*/*.parquet").toString();
  }

  /** name → DuckDB type of the columns stored in the table's Parquet files, in file order. */
  private static Map<String, String> parquetColumns(String table) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet result =
            statement.executeQuery(
                "DESCRIBE SELECT * FROM read_parquet('"
                    + glob(table)
                    + "', hive_partitioning = false)")) {
      while (result.next()) {
        columns.put(result.getString("column_name"), result.getString("column_type"));
      }
    }
    return columns;
  }

  private static String partitionColumn(String table) throws IOException {
    try (Stream<Path> list = Files.list(store.resolve("tables/" + table))) {
      String directory =
          list.map(p -> p.getFileName().toString())
              .filter(name -> name.contains("="))
              .sorted()
              .findFirst()
              .orElseThrow();
      return directory.substring(0, directory.indexOf('='));
    }
  }

  private static String athena(String duckDbType) {
    return switch (duckDbType) {
      case "VARCHAR" -> "string";
      case "BIGINT" -> "bigint";
      case "INTEGER" -> "int";
      case "BOOLEAN" -> "boolean";
      case "DATE" -> "date";
      case "DECIMAL(38,9)" -> "decimal(38,9)";
      case "TIMESTAMP WITH TIME ZONE" -> "timestamp";
      default -> throw new AssertionError("no Athena type for Parquet column type " + duckDbType);
    };
  }

  private static String bigQuery(String duckDbType) {
    return switch (duckDbType) {
      case "VARCHAR" -> "STRING";
      case "BIGINT", "INTEGER" -> "INT64";
      case "BOOLEAN" -> "BOOL";
      case "DATE" -> "DATE";
      case "DECIMAL(38,9)" -> "NUMERIC";
      case "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMP";
      default -> throw new AssertionError("no BigQuery type for Parquet column type " + duckDbType);
    };
  }

  // ---------------------------------------------------------------- the shipped SQL

  private static List<String> ddlColumns(Path file) throws IOException {
    List<String> columns = new ArrayList<>();
    boolean inside = false;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("CREATE ")) {
        inside = true;
        continue;
      }
      if (inside && line.startsWith(")")) {
        return columns;
      }
      if (inside) {
        Matcher matcher = DDL_COLUMN.matcher(line);
        assertThat(matcher.matches()).as("column line of %s: %s", file, line).isTrue();
        columns.add(matcher.group(1) + " " + matcher.group(2));
      }
    }
    throw new AssertionError("No column list in " + file);
  }

  private static List<String> sqlNames(String directory) throws IOException {
    try (Stream<Path> list = Files.list(SQL.resolve(directory))) {
      return list.map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".sql"))
          .map(name -> name.substring(0, name.length() - ".sql".length()))
          .sorted()
          .toList();
    }
  }

  @Test
  void everyTableHasDdlWhoseColumnsAndTypesAreItsFiles() throws Exception {
    List<String> tables = tables();
    assertThat(tables)
        .containsExactlyInAnyOrder(
            "chargeback_daily",
            "chargeback_monthly",
            "egress_alerts",
            "egress_destinations_seen",
            "egress_volume_daily",
            "network_flows",
            "reconciliation_allocations_daily",
            "reconciliation_keys_daily",
            "run_log");
    assertThat(sqlNames("athena")).isEqualTo(tables);
    assertThat(sqlNames("bigquery")).isEqualTo(tables);
    String views = Files.readString(SQL.resolve("duckdb/views.sql"));
    for (String table : tables) {
      Map<String, String> parquet = parquetColumns(table);
      assertThat(parquet).as(table).isNotEmpty();
      List<String> expectedAthena = new ArrayList<>();
      List<String> expectedBigQuery = new ArrayList<>();
      parquet.forEach(
          (name, type) -> {
            expectedAthena.add(name + " " + athena(type));
            expectedBigQuery.add(name + " " + bigQuery(type));
          });
      Path athena = SQL.resolve("athena/" + table + ".sql");
      Path bigQuery = SQL.resolve("bigquery/" + table + ".sql");
      assertThat(ddlColumns(athena)).as(athena.toString()).isEqualTo(expectedAthena);
      assertThat(ddlColumns(bigQuery)).as(bigQuery.toString()).isEqualTo(expectedBigQuery);

      String partition = partitionColumn(table);
      String athenaText = Files.readString(athena);
      assertThat(athenaText)
          .as(athena.toString())
          .contains("CREATE EXTERNAL TABLE IF NOT EXISTS netcost." + table + " (")
          .contains("PARTITIONED BY (`" + partition + "` string)")
          .contains("'projection.enabled' = 'true'")
          .contains("'projection." + partition + ".type' = 'date'")
          .contains("LOCATION 's3://YOUR_BUCKET/netcost/tables/" + table + "/'")
          .contains(
              "'storage.location.template' = 's3://YOUR_BUCKET/netcost/tables/"
                  + table
                  + "/"
                  + partition
                  + "=${"
                  + partition
                  + "}/'");
      assertThat(Files.readString(bigQuery))
          .as(bigQuery.toString())
          .contains("CREATE OR REPLACE EXTERNAL TABLE netcost." + table + " (")
          .contains("WITH PARTITION COLUMNS (")
          .contains("uris = ['gs://YOUR_BUCKET/netcost/tables/" + table + "/*']")
          .contains("hive_partition_uri_prefix = 'gs://YOUR_BUCKET/netcost/tables/" + table + "'");
      assertThat(views)
          .as("sql/duckdb/views.sql")
          .contains(
              "CREATE OR REPLACE VIEW netcost."
                  + table
                  + " AS\n  SELECT * FROM read_parquet('{{store}}/tables/"
                  + table
                  + "/*/*.parquet',\n    hive_partitioning = true, hive_types = {'"
                  + partition
                  + "': VARCHAR});");
    }
  }

  // ---------------------------------------------------------------- docs/tables.md

  /** The "## name" sections of docs/tables.md, by table. */
  private static Map<String, List<String>> docSections() throws IOException {
    Map<String, List<String>> sections = new TreeMap<>();
    List<String> current = null;
    for (String line : Files.readAllLines(ROOT.resolve("docs/tables.md"))) {
      if (line.startsWith("## ")) {
        current = new ArrayList<>();
        sections.put(line.substring(3).strip(), current);
      } else if (current != null) {
        current.add(line);
      }
    }
    return sections;
  }

  private static List<String> grain(String table, List<String> section) {
    List<String> lines = section.stream().filter(line -> line.startsWith("Grain: ")).toList();
    assertThat(lines).as("one 'Grain: ' line in the docs of " + table).hasSize(1);
    List<String> columns = new ArrayList<>();
    Matcher matcher = Pattern.compile("`([a-z_]+)`").matcher(lines.get(0));
    while (matcher.find()) {
      columns.add(matcher.group(1));
    }
    return columns;
  }

  @Test
  void docsListEveryColumnWithItsTypesAndAGrainThatIsUniqueInTheData() throws Exception {
    Map<String, List<String>> sections = docSections();
    for (String table : tables()) {
      assertThat(sections).as("docs/tables.md has a section ## " + table).containsKey(table);
      List<String> section = sections.get(table);
      assertThat(String.join("\n", section))
          .as("docs of " + table)
          .containsIgnoringCase("one row per")
          .contains("sql/athena/" + table + ".sql")
          .contains("sql/bigquery/" + table + ".sql");
      Map<String, String> parquet = parquetColumns(table);
      List<String> expected = new ArrayList<>();
      parquet.forEach(
          (name, type) -> expected.add(name + " " + athena(type) + " " + bigQuery(type)));
      List<String> documented = new ArrayList<>();
      String partition = partitionColumn(table);
      boolean partitionDocumented = false;
      for (String line : section) {
        Matcher matcher = DOC_COLUMN.matcher(line);
        if (!matcher.matches()) {
          continue;
        }
        if (matcher.group(2) != null) {
          assertThat(matcher.group(1)).as("partition column of " + table).isEqualTo(partition);
          partitionDocumented = true;
          continue;
        }
        documented.add(matcher.group(1) + " " + matcher.group(3) + " " + matcher.group(4));
      }
      assertThat(documented).as("columns of " + table + " in docs/tables.md").isEqualTo(expected);
      assertThat(partitionDocumented).as("partition column documented for " + table).isTrue();

      List<String> grain = grain(table, section);
      assertThat(grain).as("grain of " + table).isNotEmpty();
      for (String column : grain) {
        assertThat(column.equals(partition) || parquet.containsKey(column))
            .as("grain column " + column + " of " + table)
            .isTrue();
      }
      String columns = String.join(", ", grain.stream().map(c -> "\"" + c + "\"").toList());
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          Statement statement = duck.createStatement();
          ResultSet result =
              statement.executeQuery(
                  "SELECT count(*), (SELECT count(*) FROM read_parquet('"
                      + glob(table)
                      + "', hive_partitioning = true)) FROM (SELECT "
                      + columns
                      + " FROM read_parquet('"
                      + glob(table)
                      + "', hive_partitioning = true) GROUP BY ALL HAVING count(*) > 1)")) {
        assertThat(result.next()).isTrue();
        assertThat(result.getLong(1)).as("duplicate grain keys in " + table).isZero();
        if (!table.startsWith("egress_alerts")) {
          assertThat(result.getLong(2)).as("rows of " + table).isPositive();
        }
      }
    }
  }

  // ---------------------------------------------------------------- money sums over the tables

  private static List<List<Object>> query(Connection duck, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = duck.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(result.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Connection withViews() throws SQLException, IOException {
    Connection duck = DriverManager.getConnection("jdbc:duckdb:");
    String views =
        Files.readString(SQL.resolve("duckdb/views.sql")).replace("{{store}}", store.toString());
    try (Statement statement = duck.createStatement()) {
      for (String sql : statements(views)) {
        statement.execute(sql);
      }
    }
    return duck;
  }

  private static List<String> statements(String script) {
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

  @Test
  void moneyAndBytesSumAcrossTheTables() throws Exception {
    try (Connection duck = withViews()) {
      // per key: the allocations add up to the bill; reconciled + unattributed = billed
      assertThat(
              query(
                  duck,
                  "SELECT count(*) FROM netcost.reconciliation_keys_daily k LEFT JOIN (SELECT date,"
                      + " provider, charge_kind, traffic_class, direction, region, resource_id,"
                      + " sum(reconciled_cost) AS allocated, sum(CASE WHEN team ="
                      + " '__unattributed__' THEN reconciled_cost ELSE 0 END) AS unattributed"
                      + " FROM netcost.reconciliation_allocations_daily GROUP BY ALL) a"
                      + " ON a.date = k.date AND a.provider = k.provider AND a.charge_kind ="
                      + " k.charge_kind AND a.traffic_class = k.traffic_class AND a.direction ="
                      + " k.direction AND a.region IS NOT DISTINCT FROM k.region AND"
                      + " a.resource_id IS NOT DISTINCT FROM k.resource_id"
                      + " WHERE coalesce(a.allocated, 0) <> k.billed_cost"
                      + " OR coalesce(a.unattributed, 0) <> k.unattributed_cost"
                      + " OR k.reconciled_cost + k.unattributed_cost <> k.billed_cost"))
          .containsExactly(List.of(0L));
      // the day's billed total is the same summed at either grain
      List<List<Object>> perDay =
          query(
              duck,
              "SELECT k.date, k.billed, a.allocated FROM (SELECT date, sum(billed_cost) AS billed"
                  + " FROM netcost.reconciliation_keys_daily GROUP BY date) k JOIN (SELECT date,"
                  + " sum(reconciled_cost) AS allocated FROM"
                  + " netcost.reconciliation_allocations_daily GROUP BY date) a USING (date)"
                  + " ORDER BY date");
      assertThat(perDay).hasSize(2);
      for (List<Object> day : perDay) {
        assertThat((BigDecimal) day.get(1))
            .isPositive()
            .isEqualByComparingTo((BigDecimal) day.get(2));
      }
      // chargeback_daily is network_flows summed: bytes to the byte, estimate to 10^-9
      assertThat(
              query(
                  duck,
                  "SELECT count(*) FROM (SELECT date, sum(egress_bytes) AS e, sum(ingress_bytes) AS"
                      + " i, sum(cost) AS c FROM netcost.chargeback_daily GROUP BY date) d FULL"
                      + " JOIN (SELECT date, sum(sent_bytes) AS e, sum(received_bytes) AS i,"
                      + " sum(cost) AS c FROM netcost.network_flows GROUP BY date) f USING (date)"
                      + " WHERE d.e IS DISTINCT FROM f.e OR d.i IS DISTINCT FROM f.i"))
          .containsExactly(List.of(0L));
    }
  }

  /**
   * The kinds and sentinels the files carry are the ones docs/data-contract.md and docs/tables.md
   * name: local_kind, peer_kind, and the unresolved local owner (all `__unknown__`).
   */
  @Test
  void ownerKindsAndTheUnresolvedSentinelAreTheDocumentedOnes() throws Exception {
    try (Connection duck = withViews()) {
      assertThat(query(duck, "SELECT DISTINCT local_kind FROM netcost.network_flows"))
          .isNotEmpty()
          .allSatisfy(
              row ->
                  assertThat(row.get(0))
                      .isIn("pod", "host_pod", "node", "service", "load_balancer", "unresolved"));
      assertThat(query(duck, "SELECT DISTINCT peer_kind FROM netcost.network_flows"))
          .isNotEmpty()
          .allSatisfy(
              row ->
                  assertThat(row.get(0))
                      .isIn("pod", "host_pod", "node", "service", "load_balancer", "external"));
      // every unresolved row carries the sentinels (the generated days may have none)
      assertThat(
              query(
                  duck,
                  "SELECT DISTINCT namespace, pod, workload_kind, workload, team, region FROM"
                      + " netcost.network_flows WHERE local_kind = 'unresolved'"))
          .allSatisfy(
              row ->
                  assertThat(row)
                      .isEqualTo(
                          java.util.Arrays.asList(
                              "__unknown__",
                              null,
                              "__unknown__",
                              "__unknown__",
                              "__unassigned__",
                              null)));
      // and chargeback_daily sums them under the same owner
      assertThat(
              query(
                  duck,
                  "SELECT count(*) FROM netcost.chargeback_daily WHERE workload = '__unknown__'"
                      + " AND (workload_kind <> '__unknown__' OR namespace <> '__unknown__')"))
          .containsExactly(List.of(0L));
    }
  }

  // ---------------------------------------------------------------- the example queries

  /** The BigQuery dialect switch documented in docs/tables.md. */
  private static String forDuckDb(String dialect, String sql) {
    return dialect.equals("bigquery")
        ? sql.replaceAll("`(netcost\\.[a-z_]+)`", "$1").replace('`', '"')
        : sql;
  }

  @Test
  void everyExampleQueryRunsOnDuckDbAndTheBillTiesOutEveryDay() throws Exception {
    TreeSet<String> athena = new TreeSet<>(sqlNames("queries/athena"));
    assertThat(new TreeSet<>(sqlNames("queries/bigquery"))).isEqualTo(athena);
    assertThat(athena).contains("bill_tie_out_for_a_month");
    try (Connection duck = withViews()) {
      for (String dialect : List.of("athena", "bigquery")) {
        for (String name : athena) {
          String sql =
              forDuckDb(
                  dialect,
                  Files.readString(SQL.resolve("queries/" + dialect + "/" + name + ".sql")));
          List<List<Object>> rows = query(duck, sql);
          assertThat(rows).as(dialect + "/" + name).isNotEmpty();
          if (name.equals("bill_tie_out_for_a_month")) {
            assertThat(rows).as(dialect).hasSize(2);
            for (List<Object> row : rows) {
              BigDecimal billed = (BigDecimal) row.get(1);
              BigDecimal reconciled = (BigDecimal) row.get(2);
              BigDecimal unattributed = (BigDecimal) row.get(3);
              assertThat(billed).isPositive();
              assertThat(reconciled.add(unattributed)).isEqualByComparingTo(billed);
              assertThat((BigDecimal) row.get(4)).isEqualByComparingTo(BigDecimal.ZERO);
              assertThat(row.get(5)).isEqualTo("ties out");
            }
          }
        }
      }
    }
  }
}
