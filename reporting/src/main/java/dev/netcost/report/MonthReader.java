package dev.netcost.report;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import dev.netcost.contract.Money;
import dev.netcost.contract.Sentinels;
import dev.netcost.spark.StoreFiles;
import dev.netcost.spark.TablePaths;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads one month of the nightly job's tables, writes chargeback_monthly and collects the small
 * aggregates the outputs need. Only the day partitions of the month are listed and read, so a store
 * with years of history costs no more than one month.
 */
final class MonthReader {
  static final String CHARGEBACK_DAILY = "chargeback_daily";
  static final String NETWORK_FLOWS = "network_flows";
  static final String RECONCILIATION_KEYS = "reconciliation_keys_daily";
  static final String RECONCILIATION_ALLOCATIONS = "reconciliation_allocations_daily";
  static final String CHARGEBACK_MONTHLY = "chargeback_monthly";
  static final String UNATTRIBUTED_TEAM = Sentinels.UNATTRIBUTED;
  static final String NO_CURRENCY = "XXX";
  static final String UNPRICED = "(unpriced)";
  static final int TOP_DESTINATIONS = 10;
  static final int TEAM_DESTINATIONS = 5;
  private static final BigDecimal ZERO = Money.zero();

  /** The money columns' type, DECIMAL(38,9). */
  private static final DataType MONEY = DataTypes.createDecimalType(38, Money.SCALE);

  private static final List<String> CHARGEBACK_COLUMNS =
      List.of(
          "cluster",
          "team",
          "namespace",
          "workload_kind",
          "workload",
          "traffic_class",
          "egress_bytes",
          "ingress_bytes",
          "egress_cost",
          "ingress_cost",
          "cost",
          "currency");
  private static final List<String> RECONCILIATION_KEY_COLUMNS =
      List.of(
          "provider",
          "charge_kind",
          "traffic_class",
          "region",
          "resource_id",
          "billed_cost",
          "reconciled_cost",
          "unattributed_cost",
          "currency");
  private static final List<String> ALLOCATION_COLUMNS =
      List.of(
          "cluster",
          "team",
          "namespace",
          "workload_kind",
          "workload",
          "traffic_class",
          "reconciled_cost");
  private static final List<String> FLOW_COLUMNS =
      List.of(
          "team",
          "peer_ip",
          "peer_service",
          "traffic_class",
          "sent_bytes",
          "received_bytes",
          "cost",
          "price_sheet_version");
  private static final List<String> KEY_COLUMNS =
      List.of("cluster", "team", "namespace", "workload_kind", "workload", "traffic_class");

  private final SparkSession spark;
  private final StoreFiles store;

  MonthReader(SparkSession spark, StoreFiles store) {
    this.spark = requireNonNull(spark, "spark is null");
    this.store = requireNonNull(store, "store is null");
  }

  /** Days of the month that have a partition of the table. */
  List<LocalDate> presentDays(String table, YearMonth month) {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = month.atDay(1);
        !day.isAfter(month.atEndOfMonth());
        day = day.plusDays(1)) {
      if (!store.committedFiles(table, day).isEmpty()) {
        days.add(day);
      }
    }
    return days;
  }

  Dataset<Row> read(String table, List<LocalDate> days, List<String> requiredColumns) {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("No partitions to read for " + table);
    }
    String base = store.uri(TablePaths.table(table));
    // each date's committed files: one complete run of the date, never a mix
    String[] paths =
        days.stream()
            .flatMap(day -> store.committedFiles(table, day).stream())
            .toArray(String[]::new);
    Dataset<Row> frame =
        spark
            .read()
            .option("basePath", base)
            .parquet(paths)
            .withColumn("date", to_date(col("date").cast(DataTypes.StringType)));
    List<String> missing =
        requiredColumns.stream()
            .filter(name -> !Arrays.asList(frame.columns()).contains(name))
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Table "
              + table
              + " at "
              + base
              + " lacks columns "
              + missing
              + "; found "
              + Arrays.toString(frame.columns()));
    }
    return frame;
  }

  MonthData collect(YearMonth month, LocalDate today) {
    requireNonNull(month, "month is null");
    List<LocalDate> present = presentDays(CHARGEBACK_DAILY, month);
    if (present.isEmpty()) {
      throw new IllegalArgumentException(
          "No chargeback_daily partitions for "
              + month
              + " under "
              + store.uri(TablePaths.table(CHARGEBACK_DAILY))
              + " (expected date=YYYY-MM-DD directories)");
    }
    List<LocalDate> missing = new ArrayList<>();
    List<LocalDate> pending = new ArrayList<>();
    for (LocalDate day = month.atDay(1);
        !day.isAfter(month.atEndOfMonth());
        day = day.plusDays(1)) {
      if (!present.contains(day)) {
        // the nightly job writes a day after it ends: today and later are not due yet
        (day.isBefore(today) ? missing : pending).add(day);
      }
    }

    Dataset<Row> daily = read(CHARGEBACK_DAILY, present, CHARGEBACK_COLUMNS).cache();
    List<LocalDate> keyDays = presentDays(RECONCILIATION_KEYS, month);
    List<LocalDate> allocationDays = presentDays(RECONCILIATION_ALLOCATIONS, month);
    Optional<Dataset<Row>> keys =
        keyDays.isEmpty()
            ? Optional.empty()
            : Optional.of(read(RECONCILIATION_KEYS, keyDays, RECONCILIATION_KEY_COLUMNS).cache());
    Optional<Dataset<Row>> allocations =
        allocationDays.isEmpty()
            ? Optional.empty()
            : Optional.of(
                read(RECONCILIATION_ALLOCATIONS, allocationDays, ALLOCATION_COLUMNS)
                    // the unattributed owner may have no cluster (a billed resource of none)
                    .withColumn("cluster", coalesce(col("cluster"), lit(UNATTRIBUTED_TEAM)))
                    .cache());
    try {
      List<String> currencies = currencies(daily, CHARGEBACK_DAILY, month, keys);
      String currency = currencies.isEmpty() ? NO_CURRENCY : currencies.get(0);

      String monthlyKey = TablePaths.partition(CHARGEBACK_MONTHLY, month);
      writeMonthly(daily, allocations, currency, store.uri(monthlyKey));
      // report what the table holds, read back, so the table and the report cannot disagree
      List<MonthData.Line> lines = lines(spark.read().parquet(store.uri(monthlyKey)));
      List<MonthData.DailyCost> dailyCosts = dailyCosts(daily);
      MonthData.Reconciliation reconciliation =
          reconciliation(present, keyDays, allocationDays, keys, allocations);
      // the unattributed pseudo-owner is not a cluster
      List<String> clusters =
          lines.stream()
              .filter(line -> !line.unattributed())
              .map(MonthData.Line::cluster)
              .filter(cluster -> !cluster.equals(UNATTRIBUTED_TEAM))
              .distinct()
              .sorted()
              .toList();
      return new MonthData(
          month,
          currency,
          present,
          missing,
          pending,
          clusters,
          lines,
          dailyCosts,
          previous(month.minusMonths(1)),
          flows(month),
          reconciliation);
    } finally {
      daily.unpersist();
      keys.ifPresent(Dataset::unpersist);
      allocations.ifPresent(Dataset::unpersist);
    }
  }

  /** The one currency of the month's estimate and bill; an error naming the tables otherwise. */
  private static List<String> currencies(
      Dataset<Row> daily, String table, YearMonth month, Optional<Dataset<Row>> keys) {
    List<String> estimate = distinctCurrencies(daily);
    if (estimate.size() > 1) {
      throw new IllegalArgumentException(
          table
              + " for "
              + month
              + " mixes currencies "
              + estimate
              + "; a report needs one currency");
    }
    if (keys.isPresent()) {
      List<String> bill = distinctCurrencies(keys.get());
      TreeSet<String> all = new TreeSet<>(estimate);
      all.addAll(bill);
      if (all.size() > 1) {
        throw new IllegalArgumentException(
            RECONCILIATION_KEYS
                + " for "
                + month
                + " is in "
                + bill
                + " but "
                + table
                + " in "
                + estimate
                + "; a report needs one currency");
      }
      return new ArrayList<>(all);
    }
    return estimate;
  }

  private static List<String> distinctCurrencies(Dataset<Row> frame) {
    return frame
        .filter(col("currency").isNotNull())
        .select("currency")
        .distinct()
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .sorted()
        .toList();
  }

  /**
   * chargeback_monthly: one row per cluster, team, namespace, workload kind, workload and traffic
   * class of the month. The estimate columns sum chargeback_daily; reconciled_cost sums
   * reconciliation_allocations_daily (including the {@code __unattributed__} owner), so over the
   * whole table Σ reconciled_cost is the month's bill.
   */
  static Dataset<Row> monthly(
      Dataset<Row> daily, Optional<Dataset<Row>> allocations, String currency) {
    Column bytes = col("egress_bytes").plus(col("ingress_bytes"));
    Column[] keys =
        KEY_COLUMNS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> estimate =
        daily
            .groupBy(keys)
            .agg(
                sum("egress_bytes").as("egress_bytes"),
                sum("ingress_bytes").as("ingress_bytes"),
                sum(when(col("cost").isNull(), bytes).otherwise(lit(0L))).as("unpriced_bytes"),
                sum("egress_cost").cast(MONEY).as("egress_cost"),
                sum("ingress_cost").cast(MONEY).as("ingress_cost"),
                sum("cost").cast(MONEY).as("cost"),
                countDistinct("date").cast("int").as("days_with_traffic"));
    Dataset<Row> joined;
    if (allocations.isPresent()) {
      Dataset<Row> reconciled =
          allocations
              .get()
              .groupBy(keys)
              .agg(sum("reconciled_cost").cast(MONEY).as("reconciled_cost"));
      // a line only the bill knows has no estimate: NULL cost, 0 bytes, 0 days with traffic
      joined =
          estimate
              .join(reconciled, KEY_COLUMNS.toArray(String[]::new), "full_outer")
              .withColumn("egress_bytes", coalesce(col("egress_bytes"), lit(0L)))
              .withColumn("ingress_bytes", coalesce(col("ingress_bytes"), lit(0L)))
              .withColumn("unpriced_bytes", coalesce(col("unpriced_bytes"), lit(0L)))
              .withColumn("days_with_traffic", coalesce(col("days_with_traffic"), lit(0)));
    } else {
      joined = estimate.withColumn("reconciled_cost", lit(null).cast(MONEY));
    }
    return joined
        .withColumn("currency", lit(currency))
        .select(
            col("cluster"),
            col("team"),
            col("namespace"),
            col("workload_kind"),
            col("workload"),
            col("traffic_class"),
            col("currency"),
            col("egress_bytes").cast("bigint").as("egress_bytes"),
            col("ingress_bytes").cast("bigint").as("ingress_bytes"),
            col("unpriced_bytes").cast("bigint").as("unpriced_bytes"),
            col("egress_cost").cast(MONEY).as("egress_cost"),
            col("ingress_cost").cast(MONEY).as("ingress_cost"),
            col("cost").cast(MONEY).as("cost"),
            col("reconciled_cost").cast(MONEY).as("reconciled_cost"),
            col("days_with_traffic").cast("int").as("days_with_traffic"))
        .orderBy(keys);
  }

  private void writeMonthly(
      Dataset<Row> daily, Optional<Dataset<Row>> allocations, String currency, String path) {
    // one file per month: analysts' engines and finance tools read it whole anyway
    monthly(daily, allocations, currency)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path);
  }

  private static List<MonthData.Line> lines(Dataset<Row> monthly) {
    List<MonthData.Line> lines = new ArrayList<>();
    for (Row row : monthly.collectAsList()) {
      lines.add(
          new MonthData.Line(
              row.getAs("cluster"),
              row.getAs("team"),
              row.getAs("namespace"),
              row.getAs("workload_kind"),
              row.getAs("workload"),
              row.getAs("traffic_class"),
              row.<Long>getAs("egress_bytes"),
              row.<Long>getAs("ingress_bytes"),
              row.<Long>getAs("unpriced_bytes"),
              optionalMoney(row.getAs("egress_cost")),
              optionalMoney(row.getAs("ingress_cost")),
              optionalMoney(row.getAs("cost")),
              optionalMoney(row.getAs("reconciled_cost")),
              row.<Integer>getAs("days_with_traffic")));
    }
    return lines;
  }

  private static Optional<BigDecimal> optionalMoney(BigDecimal value) {
    return Optional.ofNullable(value).map(MonthReader::money);
  }

  private static List<MonthData.DailyCost> dailyCosts(Dataset<Row> daily) {
    List<MonthData.DailyCost> result = new ArrayList<>();
    Dataset<Row> perDay =
        daily
            .groupBy(col("date"), col("team"))
            .agg(
                sum(coalesce(col("cost"), lit(BigDecimal.ZERO))).as("cost"),
                sum(col("egress_bytes").plus(col("ingress_bytes"))).as("bytes"))
            .orderBy(col("date"), col("team"));
    for (Row row : perDay.collectAsList()) {
      result.add(
          new MonthData.DailyCost(
              localDate(row.getAs("date")),
              row.getAs("team"),
              money(row.getAs("cost")),
              row.<Long>getAs("bytes")));
    }
    return result;
  }

  private Optional<MonthData.Previous> previous(YearMonth month) {
    List<LocalDate> present = presentDays(CHARGEBACK_DAILY, month);
    if (present.isEmpty()) {
      return Optional.empty();
    }
    Map<String, BigDecimal> teamCosts = new LinkedHashMap<>();
    Dataset<Row> perTeam =
        read(CHARGEBACK_DAILY, present, List.of("team", "cost"))
            .groupBy("team")
            .agg(sum(coalesce(col("cost"), lit(BigDecimal.ZERO))).as("cost"));
    for (Row row : perTeam.collectAsList()) {
      teamCosts.put(row.getString(0), money(row.getDecimal(1)));
    }
    List<LocalDate> missing = new ArrayList<>();
    for (LocalDate day = month.atDay(1);
        !day.isAfter(month.atEndOfMonth());
        day = day.plusDays(1)) {
      if (!present.contains(day)) {
        missing.add(day);
      }
    }
    return Optional.of(new MonthData.Previous(month, teamCosts, missing));
  }

  private MonthData.Flows flows(YearMonth month) {
    List<LocalDate> present = presentDays(NETWORK_FLOWS, month);
    if (present.isEmpty()) {
      return MonthData.Flows.absent();
    }
    Dataset<Row> flows =
        read(NETWORK_FLOWS, present, FLOW_COLUMNS)
            .withColumn("peer_service", coalesce(col("peer_service"), lit("")))
            .withColumn("priced_cost", coalesce(col("cost"), lit(BigDecimal.ZERO)));
    Dataset<Row> internet = flows.filter(col("traffic_class").equalTo("internet"));

    List<MonthData.Destination> top = new ArrayList<>();
    for (Row row :
        internet
            .groupBy("peer_ip", "peer_service")
            .agg(
                sum("sent_bytes").as("sent_bytes"),
                sum("received_bytes").as("received_bytes"),
                sum("priced_cost").as("cost"))
            .orderBy(col("cost").desc(), col("sent_bytes").desc(), col("peer_ip"))
            .limit(TOP_DESTINATIONS)
            .collectAsList()) {
      top.add(destination("", row));
    }

    List<MonthData.Destination> perTeam = new ArrayList<>();
    Dataset<Row> teamTotals =
        internet
            .groupBy("team", "peer_ip", "peer_service")
            .agg(
                sum("sent_bytes").as("sent_bytes"),
                sum("received_bytes").as("received_bytes"),
                sum("priced_cost").as("cost"))
            .withColumn(
                "rank",
                row_number()
                    .over(
                        Window.partitionBy("team")
                            .orderBy(col("cost").desc(), col("sent_bytes").desc(), col("peer_ip"))))
            .filter(col("rank").leq(TEAM_DESTINATIONS))
            .orderBy(col("team"), col("rank"));
    for (Row row : teamTotals.collectAsList()) {
      perTeam.add(destination(row.getAs("team"), row));
    }

    List<MonthData.PriceSheetUse> sheets = new ArrayList<>();
    for (Row row :
        flows
            .withColumn("version", coalesce(col("price_sheet_version"), lit(UNPRICED)))
            .groupBy("version")
            .agg(
                sum(col("sent_bytes").plus(col("received_bytes"))).as("bytes"),
                sum("priced_cost").as("cost"))
            .orderBy("version")
            .collectAsList()) {
      sheets.add(
          new MonthData.PriceSheetUse(
              row.getString(0), row.<Long>getAs("bytes"), money(row.getAs("cost"))));
    }
    return new MonthData.Flows(present, top, perTeam, sheets);
  }

  private static MonthData.Destination destination(String team, Row row) {
    return new MonthData.Destination(
        team,
        row.getAs("peer_ip"),
        row.getAs("peer_service"),
        row.<Long>getAs("sent_bytes"),
        row.<Long>getAs("received_bytes"),
        money(row.getAs("cost")));
  }

  private MonthData.Reconciliation reconciliation(
      List<LocalDate> present,
      List<LocalDate> keyDays,
      List<LocalDate> allocationDays,
      Optional<Dataset<Row>> keys,
      Optional<Dataset<Row>> allocations) {
    if (keys.isEmpty() && allocations.isEmpty()) {
      return new MonthData.Reconciliation(
          ReconciliationStatus.NOT_RECONCILED,
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of());
    }
    Optional<BigDecimal> billed = Optional.empty();
    Optional<BigDecimal> unattributed = Optional.empty();
    List<MonthData.UnattributedSource> sources = new ArrayList<>();
    if (keys.isPresent()) {
      Row sums = keys.get().agg(sum("billed_cost"), sum("unattributed_cost")).first();
      billed = Optional.of(money(sums.getDecimal(0)));
      unattributed = Optional.of(money(sums.getDecimal(1)));
      // per billed resource (the keys without a resource id are one source): its amount is the
      // sum over its keys, the charges are listed in key order
      Map<Optional<String>, List<MonthData.UnattributedCharge>> charges = new LinkedHashMap<>();
      Map<Optional<String>, BigDecimal> amounts = new HashMap<>();
      for (Row row :
          keys.get()
              .filter(col("unattributed_cost").notEqual(lit(BigDecimal.ZERO)))
              .groupBy("resource_id", "charge_kind", "traffic_class", "region")
              .agg(sum("unattributed_cost").as("amount"))
              .orderBy(
                  col("resource_id").asc_nulls_last(),
                  col("charge_kind"),
                  col("traffic_class"),
                  col("region").asc_nulls_last())
              .collectAsList()) {
        Optional<String> resource = Optional.ofNullable(row.getString(0));
        charges
            .computeIfAbsent(resource, r -> new ArrayList<>())
            .add(
                new MonthData.UnattributedCharge(
                    row.getString(1), row.getString(2), Optional.ofNullable(row.getString(3))));
        amounts.merge(resource, money(row.getDecimal(4)), BigDecimal::add);
      }
      charges.forEach(
          (resource, list) ->
              sources.add(new MonthData.UnattributedSource(resource, list, amounts.get(resource))));
      // largest first; ties in resource order, the keys without a resource last (stable sort)
      sources.sort(Comparator.comparing(MonthData.UnattributedSource::amount).reversed());
    }
    Optional<BigDecimal> reconciled = Optional.empty();
    if (allocations.isPresent()) {
      reconciled =
          Optional.of(
              money(
                  allocations
                      .get()
                      .filter(col("team").notEqual(UNATTRIBUTED_TEAM))
                      .agg(sum("reconciled_cost"))
                      .first()
                      .getDecimal(0)));
    }

    ReconciliationStatus status;
    if (!keyDays.containsAll(present)
        || !allocationDays.equals(keyDays)
        || billed.isEmpty()
        || reconciled.isEmpty()) {
      status = ReconciliationStatus.PARTIAL;
    } else {
      BigDecimal explained = reconciled.get().add(unattributed.orElse(ZERO));
      status =
          Formats.cents(explained).compareTo(Formats.cents(billed.get())) == 0
              ? ReconciliationStatus.TIED_OUT
              : ReconciliationStatus.MISMATCH;
    }
    return new MonthData.Reconciliation(status, keyDays, billed, reconciled, unattributed, sources);
  }

  static String partition(String table, LocalDate day) {
    return TablePaths.partition(table, day);
  }

  static BigDecimal money(BigDecimal value) {
    return value == null ? ZERO : value.setScale(Money.SCALE, RoundingMode.UNNECESSARY);
  }

  /** A DateType value as the session gives it: java.time.LocalDate or java.sql.Date. */
  static java.time.LocalDate localDate(Object value) {
    if (value instanceof java.time.LocalDate date) {
      return date;
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    throw new IllegalStateException("Not a date: " + value);
  }
}
