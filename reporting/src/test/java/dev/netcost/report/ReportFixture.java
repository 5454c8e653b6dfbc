package dev.netcost.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Input tables with known values, written the way the nightly job writes them (Parquet, Hive
 * partitions date=YYYY-MM-DD, DECIMAL(38,9), TIMESTAMP_MICROS), and the sums the tests expect,
 * computed here from the generated rows, independently of the report code.
 */
final class ReportFixture {
  static final String CLUSTER = "prod-eu-1";
  static final DataType MONEY = DataTypes.createDecimalType(38, 9);
  static final String PRICE_SHEET = "aws-data-transfer-2026-11-01";

  static final StructType CHARGEBACK_DAILY =
      new StructType(
          new StructField[] {
            field("cluster", DataTypes.StringType),
            field("team", DataTypes.StringType),
            field("namespace", DataTypes.StringType),
            field("workload_kind", DataTypes.StringType),
            field("workload", DataTypes.StringType),
            field("traffic_class", DataTypes.StringType),
            field("egress_bytes", DataTypes.LongType),
            field("ingress_bytes", DataTypes.LongType),
            field("egress_cost", MONEY),
            field("ingress_cost", MONEY),
            field("cost", MONEY),
            field("currency", DataTypes.StringType),
            field("date", DataTypes.StringType)
          });

  static final StructType NETWORK_FLOWS =
      new StructType(
          new StructField[] {
            field("window_start", DataTypes.TimestampType),
            field("window_end", DataTypes.TimestampType),
            field("cluster", DataTypes.StringType),
            field("node", DataTypes.StringType),
            field("local_ip", DataTypes.StringType),
            field("peer_ip", DataTypes.StringType),
            field("peer_pre_nat_ip", DataTypes.StringType),
            field("snat_ip", DataTypes.StringType),
            field("protocol", DataTypes.StringType),
            field("server_port", DataTypes.IntegerType),
            field("direction", DataTypes.StringType),
            field("local_kind", DataTypes.StringType),
            field("namespace", DataTypes.StringType),
            field("pod", DataTypes.StringType),
            field("workload_kind", DataTypes.StringType),
            field("workload", DataTypes.StringType),
            field("team", DataTypes.StringType),
            field("zone", DataTypes.StringType),
            field("region", DataTypes.StringType),
            field("peer_kind", DataTypes.StringType),
            field("peer_namespace", DataTypes.StringType),
            field("peer_pod", DataTypes.StringType),
            field("peer_workload_kind", DataTypes.StringType),
            field("peer_workload", DataTypes.StringType),
            field("peer_team", DataTypes.StringType),
            field("peer_zone", DataTypes.StringType),
            field("peer_region", DataTypes.StringType),
            field("peer_service", DataTypes.StringType),
            field("traffic_class", DataTypes.StringType),
            field("sent_bytes", DataTypes.LongType),
            field("received_bytes", DataTypes.LongType),
            field("sent_packets", DataTypes.LongType),
            field("received_packets", DataTypes.LongType),
            field("connections", DataTypes.LongType),
            field("egress_usd_per_gib", MONEY),
            field("ingress_usd_per_gib", MONEY),
            field("egress_cost", MONEY),
            field("ingress_cost", MONEY),
            field("cost", MONEY),
            field("currency", DataTypes.StringType),
            field("price_sheet_version", DataTypes.StringType),
            field("date", DataTypes.StringType)
          });

  /** The columns of reconciliation_keys_daily the report reads, and a few it does not. */
  static final StructType RECONCILIATION_KEYS =
      new StructType(
          new StructField[] {
            field("provider", DataTypes.StringType),
            field("charge_kind", DataTypes.StringType),
            field("traffic_class", DataTypes.StringType),
            field("direction", DataTypes.StringType),
            field("region", DataTypes.StringType),
            field("resource_id", DataTypes.StringType),
            field("billed_cost", MONEY),
            field("estimated_cost", MONEY),
            field("reconciled_cost", MONEY),
            field("unattributed_cost", MONEY),
            field("currency", DataTypes.StringType),
            field("date", DataTypes.StringType)
          });

  static final StructType RECONCILIATION_ALLOCATIONS =
      new StructType(
          new StructField[] {
            field("provider", DataTypes.StringType),
            field("charge_kind", DataTypes.StringType),
            field("traffic_class", DataTypes.StringType),
            field("direction", DataTypes.StringType),
            field("region", DataTypes.StringType),
            field("resource_id", DataTypes.StringType),
            field("cluster", DataTypes.StringType),
            field("team", DataTypes.StringType),
            field("namespace", DataTypes.StringType),
            field("workload_kind", DataTypes.StringType),
            field("workload", DataTypes.StringType),
            field("estimated_cost", MONEY),
            field("measured_bytes", DataTypes.LongType),
            field("reconciled_cost", MONEY),
            field("date", DataTypes.StringType)
          });

  /** The billed resource nobody measured: an instance outside the cluster, 2.5 a day. */
  static final String OUTSIDE_INSTANCE = "i-0f00dfeedbeef0001";

  static final BigDecimal OUTSIDE_PER_DAY = new BigDecimal("2.500000000");

  /** A workload's traffic of one class: bytes and cost per day before the daily factor. */
  record Profile(
      String team,
      String namespace,
      String workloadKind,
      String workload,
      String trafficClass,
      long egressBytes,
      long ingressBytes,
      String egressCost,
      String ingressCost) {}

  static final List<Profile> PROFILES =
      List.of(
          new Profile(
              "payments",
              "payments",
              "Deployment",
              "api",
              "internet",
              200_000_000_000L,
              3_000_000_000L,
              "18.000000100",
              "0"),
          new Profile(
              "payments",
              "payments",
              "Deployment",
              "api",
              "cross_zone",
              50_000_000_000L,
              40_000_000_000L,
              "0.465661300",
              "0.372529000"),
          new Profile(
              "payments",
              "payments",
              "Deployment",
              "worker",
              "same_zone",
              90_000_000_000L,
              90_000_000_000L,
              "0",
              "0"),
          new Profile(
              "search",
              "search",
              "StatefulSet",
              "indexer",
              "cross_zone",
              300_000_000_000L,
              250_000_000_000L,
              "2.793967700",
              "2.328306400"),
          new Profile(
              "search",
              "search",
              "StatefulSet",
              "indexer",
              "cross_region",
              70_000_000_000L,
              0L,
              "1.303851600",
              "0"),
          new Profile(
              "search",
              "search",
              "StatefulSet",
              "indexer",
              "unknown",
              500_000_000L,
              100_000L,
              null,
              null),
          new Profile(
              "checkout",
              "checkout",
              "Deployment",
              "web",
              "internet",
              80_000_000_000L,
              10_000_000_000L,
              "6.705522500",
              "0"),
          new Profile(
              "__unassigned__",
              "__node__",
              "Node",
              "ip-10-0-1-5",
              "internet",
              10_000_000_000L,
              2_000_000_000L,
              "0.838190300",
              "0"),
          new Profile(
              "__unassigned__",
              "__unknown__",
              "__unknown__",
              "__unknown__",
              "private",
              100_000L,
              200_000L,
              "0",
              "0"));

  /** October has a team that stopped in November. */
  static final Profile LEGACY =
      new Profile(
          "legacy",
          "legacy",
          "CronJob",
          "export",
          "internet",
          40_000_000_000L,
          100_000_000L,
          "3.600000000",
          "0");

  /**
   * Internet peers per team in network_flows: peer, sent and received bytes per day, cost per day.
   */
  record Peer(
      String team,
      String namespace,
      String workload,
      String peerIp,
      long sentBytes,
      long receivedBytes,
      String cost) {}

  static final List<Peer> PEERS =
      List.of(
          new Peer(
              "payments",
              "payments",
              "api",
              "198.51.100.7",
              150_000_000_000L,
              2_000_000_000L,
              "13.500000100"),
          new Peer(
              "payments",
              "payments",
              "api",
              "203.0.113.40",
              50_000_000_000L,
              1_000_000_000L,
              "4.500000000"),
          new Peer(
              "checkout",
              "checkout",
              "web",
              "198.51.100.99",
              80_000_000_000L,
              10_000_000_000L,
              "6.705522500"),
          new Peer(
              "__unassigned__",
              "__node__",
              "ip-10-0-1-5",
              "192.0.2.200",
              10_000_000_000L,
              2_000_000_000L,
              "0.838190300"));

  final YearMonth month;
  final List<LocalDate> days;
  final List<Row> dailyRows = new ArrayList<>();
  final List<Row> previousRows = new ArrayList<>();
  final List<Row> flowRows = new ArrayList<>();
  final List<Row> keyRows = new ArrayList<>();
  final List<Row> allocationRows = new ArrayList<>();
  final boolean reconciled;

  /** Added to the first day's billed amount, to make a month that does not tie out. */
  BigDecimal billError = BigDecimal.ZERO;

  /**
   * @param reconciled whether the bill and its allocation exist (for every day but those in {@code
   *     unreconciled})
   */
  ReportFixture(YearMonth month, Set<LocalDate> missing, boolean reconciled) {
    this(month, missing, reconciled, Set.of());
  }

  ReportFixture(
      YearMonth month, Set<LocalDate> missing, boolean reconciled, Set<LocalDate> unreconciled) {
    this.month = month;
    this.reconciled = reconciled;
    this.days = new ArrayList<>();
    for (LocalDate day = month.atDay(1);
        !day.isAfter(month.atEndOfMonth());
        day = day.plusDays(1)) {
      if (!missing.contains(day)) {
        days.add(day);
      }
    }
    for (LocalDate day : days) {
      for (Profile profile : PROFILES) {
        dailyRows.add(daily(profile, day, factor(day)));
      }
      if (reconciled && !unreconciled.contains(day)) {
        bill(day);
      }
      for (Peer peer : PEERS) {
        flowRows.add(flow(peer, day));
      }
      flowRows.add(unpricedFlow(day));
    }
    YearMonth previous = month.minusMonths(1);
    // the previous month lacks its first two days
    for (LocalDate day = previous.atDay(3);
        !day.isAfter(previous.atEndOfMonth());
        day = day.plusDays(1)) {
      BigDecimal factor = factor(day).multiply(new BigDecimal("0.8"));
      for (Profile profile : PROFILES) {
        previousRows.add(daily(profile, day, factor));
      }
      previousRows.add(daily(LEGACY, day, factor));
    }
  }

  /**
   * Weekdays cost more than weekends, and the month grows: (10 + day) / 10, times 0.6 on weekends.
   */
  static BigDecimal factor(LocalDate day) {
    BigDecimal growth = BigDecimal.valueOf(10 + day.getDayOfMonth()).divide(BigDecimal.TEN);
    boolean weekend =
        day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    return weekend ? growth.multiply(new BigDecimal("0.6")) : growth;
  }

  static BigDecimal scaled(String perDay, BigDecimal factor) {
    return perDay == null
        ? null
        : new BigDecimal(perDay).multiply(factor).setScale(9, RoundingMode.HALF_UP);
  }

  static long bytes(long base, LocalDate day) {
    return base == 0 ? 0 : base + day.getDayOfMonth() * 1_000L;
  }

  private static Row daily(Profile profile, LocalDate day, BigDecimal factor) {
    BigDecimal egress = scaled(profile.egressCost(), factor);
    BigDecimal ingress = scaled(profile.ingressCost(), factor);
    BigDecimal cost = egress == null ? null : egress.add(ingress);
    return RowFactory.create(
        CLUSTER,
        profile.team(),
        profile.namespace(),
        profile.workloadKind(),
        profile.workload(),
        profile.trafficClass(),
        bytes(profile.egressBytes(), day),
        bytes(profile.ingressBytes(), day),
        egress,
        ingress,
        cost,
        "USD",
        day.toString());
  }

  /**
   * One day's bill: a key per priced traffic class, billed 10 % above the estimate and allocated to
   * the class's rows in that proportion (nothing unattributed), plus the outside instance's key,
   * billed {@link #OUTSIDE_PER_DAY} and all unattributed (an owner row {@code __unattributed__}
   * without a cluster).
   */
  private void bill(LocalDate day) {
    Map<String, BigDecimal> billedPerClass = new LinkedHashMap<>();
    for (Row row : dailyRows) {
      if (!row.getString(12).equals(day.toString()) || row.isNullAt(10)) {
        continue;
      }
      BigDecimal reconciledCost = reconciledOf(row);
      billedPerClass.merge(row.getString(5), reconciledCost, BigDecimal::add);
      allocationRows.add(
          RowFactory.create(
              "aws",
              "transfer",
              row.getString(5),
              "both",
              "eu-west-1",
              null,
              row.getString(0),
              row.getString(1),
              row.getString(2),
              row.getString(3),
              row.getString(4),
              row.getDecimal(10),
              row.getLong(6) + row.getLong(7),
              reconciledCost,
              day.toString()));
    }
    billedPerClass.forEach(
        (trafficClass, billed) ->
            keyRows.add(
                RowFactory.create(
                    "aws",
                    "transfer",
                    trafficClass,
                    "both",
                    "eu-west-1",
                    null,
                    billed,
                    null,
                    billed,
                    BigDecimal.ZERO.setScale(9),
                    "USD",
                    day.toString())));
    addUnattributedDay(OUTSIDE_INSTANCE, "internet", OUTSIDE_PER_DAY, day.toString());
  }

  /**
   * One more billed key nobody measured, on every billed day: a key row all unattributed and its
   * {@code __unattributed__} owner row, as the reconciliation writes them.
   */
  void addUnattributed(String resourceId, String trafficClass, BigDecimal perDay) {
    List<String> billedDays =
        keyRows.stream()
            .filter(row -> OUTSIDE_INSTANCE.equals(row.getString(5)))
            .map(row -> row.getString(11))
            .distinct()
            .toList();
    for (String day : billedDays) {
      addUnattributedDay(resourceId, trafficClass, perDay, day);
    }
  }

  /** A billed egress key nobody measured on {@code day}: its key row and its owner row. */
  private void addUnattributedDay(
      String resourceId, String trafficClass, BigDecimal perDay, String day) {
    keyRows.add(
        RowFactory.create(
            "aws",
            "transfer",
            trafficClass,
            "egress",
            "eu-west-1",
            resourceId,
            perDay,
            null,
            BigDecimal.ZERO.setScale(9),
            perDay,
            "USD",
            day));
    allocationRows.add(
        RowFactory.create(
            "aws",
            "transfer",
            trafficClass,
            "egress",
            "eu-west-1",
            resourceId,
            null,
            "__unattributed__",
            "__unattributed__",
            "__unattributed__",
            "__unattributed__",
            null,
            0L,
            perDay,
            day));
  }

  /** A row's reconciled cost: its estimate times 1.1, half-up at nine decimals. */
  static BigDecimal reconciledOf(Row daily) {
    return daily.getDecimal(10).multiply(new BigDecimal("1.1")).setScale(9, RoundingMode.HALF_UP);
  }

  private static Row flow(Peer peer, LocalDate day) {
    BigDecimal cost = scaled(peer.cost(), factor(day));
    Timestamp start = Timestamp.from(day.atTime(10, 0).toInstant(ZoneOffset.UTC));
    Timestamp end = Timestamp.from(day.atTime(11, 0).toInstant(ZoneOffset.UTC));
    return RowFactory.create(
        start,
        end,
        CLUSTER,
        "ip-10-0-1-5",
        "10.0.1.23",
        peer.peerIp(),
        null,
        "10.0.0.5",
        "tcp",
        443,
        "outbound",
        "pod",
        peer.namespace(),
        peer.workload() + "-7d9c8",
        "Deployment",
        peer.workload(),
        peer.team(),
        "eu-west-1a",
        "eu-west-1",
        "internet",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "internet",
        bytes(peer.sentBytes(), day),
        bytes(peer.receivedBytes(), day),
        1000L,
        900L,
        12L,
        new BigDecimal("0.090000000"),
        BigDecimal.ZERO.setScale(9),
        cost,
        BigDecimal.ZERO.setScale(9),
        cost,
        "USD",
        PRICE_SHEET,
        day.toString());
  }

  private static Row unpricedFlow(LocalDate day) {
    Timestamp start = Timestamp.from(day.atTime(10, 0).toInstant(ZoneOffset.UTC));
    Timestamp end = Timestamp.from(day.atTime(11, 0).toInstant(ZoneOffset.UTC));
    return RowFactory.create(
        start,
        end,
        CLUSTER,
        "ip-10-0-2-9",
        "10.0.2.14",
        "100.64.3.3",
        null,
        null,
        "udp",
        4789,
        "outbound",
        "pod",
        "search",
        "indexer-0",
        "StatefulSet",
        "indexer",
        "search",
        "eu-west-1b",
        "eu-west-1",
        "unknown",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "unknown",
        5_000_000L,
        1_000L,
        10L,
        1L,
        1L,
        null,
        null,
        null,
        null,
        null,
        "USD",
        null,
        day.toString());
  }

  void write(SparkSession spark, String store, boolean withFlows, boolean withBill) {
    spark
        .createDataFrame(dailyRows, CHARGEBACK_DAILY)
        .write()
        .partitionBy("date")
        .mode(SaveMode.Append)
        .parquet(store + "/tables/chargeback_daily");
    spark
        .createDataFrame(previousRows, CHARGEBACK_DAILY)
        .write()
        .partitionBy("date")
        .mode(SaveMode.Append)
        .parquet(store + "/tables/chargeback_daily");
    if (withFlows) {
      spark
          .createDataFrame(flowRows, NETWORK_FLOWS)
          .write()
          .partitionBy("date")
          .mode(SaveMode.Append)
          .parquet(store + "/tables/network_flows");
    }
    if (withBill) {
      List<Row> keys = new ArrayList<>(keyRows);
      if (billError.signum() != 0) {
        // the first key of the first day bills more than its allocation explains
        Row first = keys.get(0);
        keys.set(
            0,
            RowFactory.create(
                first.get(0),
                first.get(1),
                first.get(2),
                first.get(3),
                first.get(4),
                first.get(5),
                first.getDecimal(6).add(billError),
                first.get(7),
                first.get(8),
                first.get(9),
                first.get(10),
                first.get(11)));
      }
      spark
          .createDataFrame(keys, RECONCILIATION_KEYS)
          .write()
          .partitionBy("date")
          .mode(SaveMode.Append)
          .parquet(store + "/tables/reconciliation_keys_daily");
      spark
          .createDataFrame(allocationRows, RECONCILIATION_ALLOCATIONS)
          .write()
          .partitionBy("date")
          .mode(SaveMode.Append)
          .parquet(store + "/tables/reconciliation_allocations_daily");
    }
  }

  // ---- expected values, from the rows above ----

  BigDecimal totalCost() {
    return sum(dailyRows, row -> true, 10);
  }

  /** Σ reconciled cost of the owners (the outside instance's unattributed rows excluded). */
  BigDecimal reconciledTotal() {
    return sum(allocationRows, row -> !row.getString(7).equals("__unattributed__"), 13);
  }

  Map<String, BigDecimal> teamReconciled() {
    Map<String, BigDecimal> costs = new LinkedHashMap<>();
    for (Row row : allocationRows) {
      if (!row.getString(7).equals("__unattributed__")) {
        costs.merge(row.getString(7), row.getDecimal(13), BigDecimal::add);
      }
    }
    return costs;
  }

  BigDecimal unattributedTotal() {
    return sum(keyRows, row -> true, 9);
  }

  BigDecimal billedTotal() {
    return sum(keyRows, row -> true, 6).add(billError);
  }

  Map<String, BigDecimal> teamCosts(List<Row> rows) {
    Map<String, BigDecimal> costs = new LinkedHashMap<>();
    for (Row row : rows) {
      costs.merge(
          row.getString(1),
          row.isNullAt(10) ? BigDecimal.ZERO : row.getDecimal(10),
          BigDecimal::add);
    }
    return costs;
  }

  long sumLong(List<Row> rows, java.util.function.Predicate<Row> filter, int column) {
    return rows.stream().filter(filter).mapToLong(row -> row.getLong(column)).sum();
  }

  static BigDecimal sum(List<Row> rows, java.util.function.Predicate<Row> filter, int column) {
    BigDecimal total = BigDecimal.ZERO.setScale(9);
    for (Row row : rows) {
      if (filter.test(row) && !row.isNullAt(column)) {
        total = total.add(row.getDecimal(column));
      }
    }
    return total;
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
