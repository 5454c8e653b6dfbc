package dev.netcost.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.billing.BillingFormat;
import dev.netcost.contract.IpPrefix;
import dev.netcost.demo.BillGenerator;
import dev.netcost.demo.BillUsage;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.SharedSpark;
import dev.netcost.pricing.PriceBook;
import dev.netcost.store.LocalObjectStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciliation step on the generator's cluster and its synthetic bill. Expected amounts are
 * summed here from the bill's CSV text; actual amounts are read back from the written Parquet
 * tables with DuckDB.
 */
class ReconciliationTest {
  private static final LocalDate DAY_1 = LocalDate.parse("2026-11-01");
  private static final LocalDate DAY_2 = LocalDate.parse("2026-11-02");
  private static final String OUTSIDE = BillGenerator.Options.demo().outsideInstanceId();

  @TempDir static Path store;
  private static SparkSession spark;
  private static String bill;

  @BeforeAll
  static void generateAndRunNightly() throws IOException {
    spark = SharedSpark.get();
    ClusterGenerator generator =
        new ClusterGenerator(
            new ClusterGenerator.Options("demo", DAY_1, 2, 7L, 5), PriceBook.bundled());
    generator.generate(new LocalObjectStore(store));
    BillUsage usage = generator.billUsage();
    bill =
        new String(
            BillGenerator.legacyCurCsv(usage, BillGenerator.Options.demo()),
            StandardCharsets.UTF_8);
    writeBill("good", bill);
    writeBill(
        "eur",
        new String(
            BillGenerator.legacyCurCsv(usage, BillGenerator.Options.demo().withCurrency("EUR")),
            StandardCharsets.UTF_8));
    for (LocalDate date : List.of(DAY_1, DAY_2)) {
      NightlyJob.run(
          spark,
          new NightlyJob.Config(
              store.toUri().toString(),
              date,
              "aws",
              List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
              dev.netcost.job.attribution.RunPricing.defaults(),
              "USD",
              false));
    }
  }

  private static Path writeBill(String name, String csv) throws IOException {
    Path directory = store.resolve("billing/" + name);
    Files.createDirectories(directory);
    Path file = directory.resolve("cur-00001.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  private static Reconciliation.Summary reconcile(LocalDate date, String billName) {
    return Reconciliation.run(
        spark,
        Reconciliation.Config.of(
            store.toUri().toString(),
            date,
            store.resolve("billing/" + billName).toUri().toString(),
            BillingFormat.AWS_CUR,
            "aws"));
  }

  // ---------------------------------------------------------------- the bill's text

  private static List<String[]> rows(String csv) {
    List<String[]> rows = new ArrayList<>();
    for (String line : csv.split("\r\n")) {
      if (!line.isEmpty()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  /** Σ lineItem/UnblendedCost of the rows of {@code date}, optionally of one resource only. */
  private static BigDecimal billed(String csv, LocalDate date, String resource, int skipRow) {
    List<String[]> rows = rows(csv);
    List<String> header = Arrays.asList(rows.get(0));
    int start = header.indexOf("lineItem/UsageStartDate");
    int cost = header.indexOf("lineItem/UnblendedCost");
    int resourceId = header.indexOf("lineItem/ResourceId");
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 1; i < rows.size(); i++) {
      String[] row = rows.get(i);
      if (i == skipRow
          || !row[start].startsWith(date.toString())
          || (resource != null && !row[resourceId].equals(resource))) {
        continue;
      }
      total = total.add(new BigDecimal(row[cost]));
    }
    return total;
  }

  // ---------------------------------------------------------------- the written tables

  private static Connection duckdb() throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:");
  }

  private static String table(String name, LocalDate date) {
    return store.resolve("tables/" + name + "/date=" + date + "/*.parquet").toString();
  }

  private static BigDecimal scalar(String sql) throws SQLException {
    try (Connection connection = duckdb();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      return result.getBigDecimal(1);
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = duckdb();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      return result.getLong(1);
    }
  }

  @Test
  void teamsPlusUnattributedEqualTheBillExactly() throws Exception {
    for (LocalDate date : List.of(DAY_1, DAY_2)) {
      Reconciliation.Summary summary = reconcile(date, "good");
      BigDecimal expected = billed(bill, date, null, -1);
      BigDecimal outside = billed(bill, date, OUTSIDE, -1);
      assertThat(expected.signum()).isPositive();
      assertThat(outside.signum()).isPositive();
      assertThat(summary.rowsRejected()).isZero();
      assertThat(summary.billFound()).isTrue();
      assertThat(summary.billedCost()).isEqualByComparingTo(expected);

      String keys = table("reconciliation_keys_daily", date);
      String allocations = table("reconciliation_allocations_daily", date);
      BigDecimal teams =
          scalar(
              "SELECT sum(reconciled_cost) FROM read_parquet('"
                  + allocations
                  + "') WHERE team <> '__unattributed__'");
      BigDecimal unattributed =
          scalar(
              "SELECT sum(reconciled_cost) FROM read_parquet('"
                  + allocations
                  + "') WHERE team = '__unattributed__'");
      // to 1e-9 (the table's scale) and therefore to the cent
      assertThat(teams.add(unattributed)).isEqualByComparingTo(expected);
      assertThat(teams.add(unattributed).setScale(2, RoundingMode.HALF_EVEN))
          .isEqualTo(expected.setScale(2, RoundingMode.HALF_EVEN));
      // every in-cluster instance is measured exactly as billed: only the bastion is unattributed
      assertThat(unattributed).isEqualByComparingTo(outside);
      // billed amounts live at key grain: summing them over the key table is the bill
      assertThat(scalar("SELECT sum(billed_cost) FROM read_parquet('" + keys + "')"))
          .isEqualByComparingTo(expected);
      assertThat(scalar("SELECT sum(unattributed_cost) FROM read_parquet('" + keys + "')"))
          .isEqualByComparingTo(outside);
      assertThat(
              count(
                  "SELECT count(*) FROM read_parquet('"
                      + keys
                      + "') WHERE reconciled_cost + unattributed_cost <> billed_cost"))
          .isZero();
      // per key, the allocation rows add up to the key's bill
      assertThat(
              count(
                  "SELECT count(*) FROM read_parquet('"
                      + keys
                      + "') k FULL JOIN (SELECT provider, charge_kind, traffic_class, direction,"
                      + " region, resource_id, sum(reconciled_cost) AS s FROM read_parquet('"
                      + allocations
                      + "') GROUP BY ALL) a ON a.provider = k.provider AND a.charge_kind ="
                      + " k.charge_kind AND a.traffic_class = k.traffic_class AND a.direction ="
                      + " k.direction AND a.region IS NOT DISTINCT FROM k.region"
                      + " AND a.resource_id IS NOT DISTINCT FROM k.resource_id"
                      + " WHERE coalesce(a.s, 0) <> k.billed_cost OR k.billed_cost IS NULL"))
          .isZero();
      assertThat(
              scalar(
                  "SELECT sum(reconciled_cost) FROM read_parquet('"
                      + allocations
                      + "') WHERE team = '__unattributed__' AND resource_id = '"
                      + OUTSIDE
                      + "'"))
          .isEqualByComparingTo(outside);
      // the discount shows: net below list on the paid keys
      assertThat(
              count(
                  "SELECT count(*) FROM read_parquet('"
                      + keys
                      + "') WHERE billed_list_cost > 0 AND (billed_net_cost >= billed_list_cost"
                      + " OR flags NOT LIKE '%discounted%')"))
          .isZero();
      // the classes the bill does not charge (same zone, private, unknown) reconcile to zero
      assertThat(
              scalar(
                  "SELECT coalesce(sum(reconciled_cost), 0) FROM read_parquet('"
                      + allocations
                      + "') WHERE traffic_class IN ('same_zone', 'private', 'unknown')"))
          .isEqualByComparingTo(BigDecimal.ZERO);
      // the reconciliation never writes chargeback_daily
      String chargeback = table("chargeback_daily", date);
      assertThat(
              count(
                  "SELECT count(*) FROM read_parquet('"
                      + chargeback
                      + "') WHERE team = '__unattributed__'"))
          .isZero();
      assertThat(
              count(
                  "SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet('"
                      + chargeback
                      + "')) WHERE column_name = 'reconciled_cost'"))
          .isZero();
    }
  }

  @Test
  void reRunningGivesIdenticalFiles() throws Exception {
    reconcile(DAY_2, "good");
    Map<String, String> first = hashes(DAY_2);
    reconcile(DAY_2, "good");
    Map<String, String> second = hashes(DAY_2);
    assertThat(first).isNotEmpty();
    // content-addressed names (part-NNNNN-<sha256 prefix>): the same bytes, the same names
    assertThat(first.keySet())
        .anyMatch(
            f ->
                f.matches(
                    "tables/chargeback_daily/date=2026-11-02/part-00000-[0-9a-f]{16}\\.zstd\\.parquet"))
        .anyMatch(
            f ->
                f.matches(
                    "tables/reconciliation_keys_daily/date=2026-11-02/part-00000-[0-9a-f]{16}\\.zstd\\.parquet"))
        .anyMatch(
            f ->
                f.matches(
                    "tables/reconciliation_allocations_daily/date=2026-11-02/part-00000-[0-9a-f]{16}\\.zstd\\.parquet"));
    assertThat(second).isEqualTo(first);
  }

  /**
   * nightly D, reconcile D, nightly D again; reconcile D, then nightly of the other date, then
   * reconcile D again: every table of both dates (run_log: all but its run id and timestamps) is
   * byte-identical to one nightly + one reconcile.
   */
  @Test
  void anyOrderOfNightlyAndReconcileGivesIdenticalTables() throws Exception {
    nightly(DAY_1);
    nightly(DAY_2);
    reconcile(DAY_1, "good");
    reconcile(DAY_2, "good");
    Map<String, String> once = hashes(DAY_1);
    once.putAll(hashes(DAY_2));
    List<String> runLogOnce = runLog();
    Map<String, Long> attemptsOnce = attempts();
    assertThat(once.keySet())
        .anyMatch(
            name ->
                name.matches(
                    "tables/network_flows/date=2026-11-01/part-00000-[0-9a-f]{16}\\.zstd\\.parquet"))
        .anyMatch(
            name ->
                name.matches(
                    "tables/reconciliation_allocations_daily/date=2026-11-02/part-00000-[0-9a-f]{16}\\.zstd\\.parquet"));

    nightly(DAY_1); // after its reconciliation
    reconcile(DAY_2, "good"); // before the other date's nightly re-run
    nightly(DAY_2);
    reconcile(DAY_1, "good");
    nightly(DAY_1);
    Map<String, String> shuffled = hashes(DAY_1);
    shuffled.putAll(hashes(DAY_2));
    assertThat(shuffled).isEqualTo(once);
    assertThat(runLog()).isEqualTo(runLogOnce);
    // run_log keeps every attempt: two more succeeded runs of day 1, one more of day 2
    Map<String, Long> expectedAttempts = new TreeMap<>(attemptsOnce);
    expectedAttempts.merge("2026-11-01 succeeded", 2L, Long::sum);
    expectedAttempts.merge("2026-11-02 succeeded", 1L, Long::sum);
    assertThat(attempts()).isEqualTo(expectedAttempts);
  }

  private static void nightly(LocalDate date) {
    NightlyJob.run(
        spark,
        new NightlyJob.Config(
            store.toUri().toString(),
            date,
            "aws",
            List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
            dev.netcost.job.attribution.RunPricing.defaults(),
            "USD",
            false));
  }

  /** run_log's number of attempts per "date status". */
  private static Map<String, Long> attempts() throws SQLException {
    Map<String, Long> attempts = new TreeMap<>();
    try (Connection connection = duckdb();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT CAST(date AS VARCHAR) || ' ' || status, count(*) FROM read_parquet('"
                    + store.resolve("tables/run_log/*/*.parquet")
                    + "', hive_partitioning = true) GROUP BY ALL")) {
      while (result.next()) {
        attempts.put(result.getString(1), result.getLong(2));
      }
    }
    return attempts;
  }

  /** The latest run_log row of each date without run_id, started_at and finished_at. */
  private static List<String> runLog() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = duckdb();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT * EXCLUDE (run_id, started_at, finished_at, latest) FROM (SELECT *,"
                    + " row_number() OVER (PARTITION BY date ORDER BY finished_at DESC) AS latest"
                    + " FROM read_parquet('"
                    + store.resolve("tables/run_log/*/*.parquet")
                    + "', hive_partitioning = true)) WHERE latest = 1 ORDER BY date")) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(result.getMetaData().getColumnName(i))
              .append('=')
              .append(result.getString(i))
              .append(';');
        }
        rows.add(row.toString());
      }
    }
    assertThat(rows).hasSize(2);
    return rows;
  }

  @Test
  void aBadBillRowIsQuarantinedWithItsRowAndTheRestReconciles() throws Exception {
    List<String[]> rows = rows(bill);
    List<String> header = Arrays.asList(rows.get(0));
    int cost = header.indexOf("lineItem/UnblendedCost");
    String[] lines = bill.split("\r\n");
    // data row 3 is physical line 4; it is a line of DAY_1 (the bill is in date order)
    String[] fields = lines[3].split(",", -1);
    assertThat(fields[header.indexOf("lineItem/UsageStartDate")]).startsWith(DAY_1.toString());
    fields[cost] = "12.5.0";
    lines[3] = String.join(",", fields);
    Path file = writeBill("bad", String.join("\r\n", lines) + "\r\n");

    Reconciliation.Summary summary = reconcile(DAY_1, "bad");
    assertThat(summary.rowsRejected()).isEqualTo(1);
    assertThat(summary.rejectedByField()).isEqualTo(Map.of("lineItem/UnblendedCost", 1L));
    List<String> quarantine =
        Files.readAllLines(onlyFile(store.resolve("quarantine/billing/date=" + DAY_1)));
    assertThat(quarantine)
        .containsExactly(
            "kind,file,row,line,field,reason",
            "row," + file + ",3,4,lineItem/UnblendedCost,is not a number: '12.5.0'");

    BigDecimal expected = billed(bill, DAY_1, null, 3);
    assertThat(summary.billedCost()).isEqualByComparingTo(expected);
    assertThat(
            scalar(
                "SELECT sum(reconciled_cost) FROM read_parquet('"
                    + table("reconciliation_allocations_daily", DAY_1)
                    + "')"))
        .isEqualByComparingTo(expected);
    assertThat(
            scalar(
                "SELECT sum(billed_cost) FROM read_parquet('"
                    + table("reconciliation_keys_daily", DAY_1)
                    + "')"))
        .isEqualByComparingTo(expected);

    // the good bill again: its quarantine is gone
    reconcile(DAY_1, "good");
    assertThat(store.resolve("quarantine/billing/date=" + DAY_1)).doesNotExist();
  }

  /**
   * A day whose bill has lines but no network line (the CUR's compute and storage lines only):
   * every measured side is a not_billed key (docs/reconciliation.md §8.5), nothing is billed, and
   * the keys' estimates are those the real bill's run gives for the same class, direction and
   * region.
   */
  @Test
  void aDayWithOnlyNonNetworkLinesWritesNotBilledKeys() throws Exception {
    reconcile(DAY_1, "good");
    String keys = table("reconciliation_keys_daily", DAY_1);
    String perClass =
        "SELECT traffic_class, direction, region, sum(measured_bytes) AS bytes,"
            + " sum(coalesce(estimated_cost, 0)) AS estimate FROM read_parquet('"
            + keys
            + "') WHERE charge_kind = 'transfer' GROUP BY ALL ORDER BY ALL";
    List<String> withNetworkLines = strings(perClass);

    // the generator's CUR with every line of DAY_1 turned into an EC2 instance-hour line
    List<String[]> rows = rows(bill);
    List<String> header = Arrays.asList(rows.get(0));
    StringBuilder csv = new StringBuilder(String.join(",", rows.get(0))).append("\r\n");
    int dayLines = 0;
    for (int i = 1; i < rows.size(); i++) {
      String[] row = rows.get(i);
      if (!row[header.indexOf("lineItem/UsageStartDate")].startsWith(DAY_1.toString())) {
        continue;
      }
      row[header.indexOf("lineItem/UsageType")] = "BoxUsage:m5.large";
      row[header.indexOf("lineItem/Operation")] = "RunInstances";
      row[header.indexOf("lineItem/ProductCode")] = "AmazonEC2";
      row[header.indexOf("pricing/unit")] = "Hrs";
      row[header.indexOf("product/productFamily")] = "Compute Instance";
      row[header.indexOf("product/transferType")] = "";
      row[header.indexOf("product/fromRegionCode")] = "";
      row[header.indexOf("product/toRegionCode")] = "";
      csv.append(String.join(",", row)).append("\r\n");
      dayLines++;
    }
    assertThat(dayLines).isPositive();
    writeBill("compute-only", csv.toString());

    Reconciliation.Summary summary = reconcile(DAY_1, "compute-only");
    assertThat(summary.billFound()).isTrue();
    assertThat(summary.linesOfDate()).isEqualTo(dayLines);
    assertThat(summary.billedKeys()).isZero();
    assertThat(summary.currency()).isEqualTo("USD");
    assertThat(summary.billedCost()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(summary.unattributedCost()).isEqualByComparingTo(BigDecimal.ZERO);

    // one not_billed key per measured (class, direction, region), as the network_flows say
    String flows = table("network_flows", DAY_1);
    List<String> measured =
        strings(
            "SELECT traffic_class, direction, region, bytes FROM ("
                + "SELECT traffic_class, 'egress' AS direction, region, sum(sent_bytes) AS bytes"
                + " FROM read_parquet('"
                + flows
                + "') GROUP BY ALL UNION ALL"
                + " SELECT traffic_class, 'ingress', region, sum(received_bytes)"
                + " FROM read_parquet('"
                + flows
                + "') GROUP BY ALL) WHERE bytes > 0 ORDER BY ALL");
    assertThat(measured).hasSizeGreaterThan(4);
    assertThat(
            strings(
                "SELECT traffic_class, direction, region, measured_bytes FROM read_parquet('"
                    + keys
                    + "') ORDER BY ALL"))
        .isEqualTo(measured);
    assertThat(summary.unbilledKeys()).isEqualTo(measured.size());
    assertThat(
            count(
                "SELECT count(*) FROM read_parquet('"
                    + keys
                    + "') WHERE charge_kind <> 'transfer' OR resource_id IS NOT NULL"
                    + " OR resource_cluster IS NOT NULL OR bill_lines <> 0 OR billed_cost <> 0"
                    + " OR billed_list_cost <> 0 OR billed_net_cost <> 0 OR billed_usage_gib <> 0"
                    + " OR reconciled_cost <> 0 OR unattributed_cost <> 0"
                    + " OR coverage_ratio IS NOT NULL OR estimate_to_bill_ratio IS NOT NULL"
                    + " OR currency <> 'USD' OR cost_basis <> 'net'"
                    + " OR NOT regexp_matches(flags, '^(not_billed|not_billed,unpriced_estimates)$')"))
        .isZero();
    // the same estimates, per class, direction and region, as with the network lines billed
    assertThat(strings(perClass)).isEqualTo(withNetworkLines);
    String allocations = table("reconciliation_allocations_daily", DAY_1);
    assertThat(
            count(
                "SELECT count(*) FROM read_parquet('"
                    + allocations
                    + "') WHERE reconciled_cost <> 0 OR team = '__unattributed__'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM read_parquet('" + allocations + "')")).isPositive();

    reconcile(DAY_1, "good");
  }

  private static List<String> strings(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = duckdb();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> fields = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          fields.add(String.valueOf(result.getObject(i)));
        }
        rows.add(String.join("|", fields));
      }
    }
    return rows;
  }

  @Test
  void aCurrencyMismatchIsAClearErrorAndWritesNothing() throws Exception {
    reconcile(DAY_1, "good");
    Map<String, String> before = hashes(DAY_1);
    assertThatThrownBy(() -> reconcile(DAY_1, "eur"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot reconcile 2026-11-01 with "
                + store.resolve("billing/eur").toUri()
                + ": Currency mismatch for 2026-11-01/aws/transfer/")
        .hasMessageEndingWith(": billed EUR, estimated USD");
    assertThat(hashes(DAY_1)).isEqualTo(before);
  }

  private static Map<String, String> hashes(LocalDate date) throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    for (String directory :
        List.of(
            "tables/network_flows/date=" + date,
            "tables/chargeback_daily/date=" + date,
            "tables/egress_volume_daily/date=" + date,
            "tables/reconciliation_keys_daily/date=" + date,
            "tables/reconciliation_allocations_daily/date=" + date,
            "quarantine/billing/date=" + date)) {
      Path path = store.resolve(directory);
      if (!Files.exists(path)) {
        continue;
      }
      try (Stream<Path> files = Files.list(path)) {
        for (Path file : files.sorted().toList()) {
          hashes.put(store.relativize(file).toString(), sha256(Files.readAllBytes(file)));
        }
      }
    }
    return hashes;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The one file of a directory (names are content-addressed: part-00000-<sha256 prefix>.csv). */
  private static Path onlyFile(Path directory) throws java.io.IOException {
    try (var files = Files.list(directory)) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(1);
      assertThat(all.get(0).getFileName().toString()).matches("part-00000-[0-9a-f]{16}\\.csv");
      return all.get(0);
    }
  }
}
