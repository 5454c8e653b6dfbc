package dev.netcost.job.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.Money;
import dev.netcost.contract.NetcostException;
import dev.netcost.pricing.PriceBook;
import dev.netcost.pricing.PriceQuery;
import dev.netcost.pricing.TierAllocator;
import dev.netcost.pricing.TierSchedule;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import dev.netcost.spark.StoreFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Internet egress is priced on a monthly ladder per billing scope (docs/data-contract.md §4): the
 * scope is the provider and the local end's region (all clusters of the store together). For the
 * run's date {@code d} and each scope, the month-to-date volume before the day {@code V} is the sum
 * of the scope's {@code internet_egress_bytes} in {@code tables/egress_volume_daily} on the dates
 * of the month before {@code d}; the day's cost is {@code round9(C(V + v)) - round9(C(V))} ({@link
 * TierAllocator}), split over the day's chargeback groups (cluster, team, namespace, workload kind,
 * workload) in proportion to their internet egress bytes, in units of 10^-9, by largest remainder
 * (ties to the smaller key {@code cluster|team|namespace|workload_kind|workload}). Summed over the
 * month this is exactly the tier-correct bill; a re-run of a day with the same data gives the same
 * numbers and changes no month-end total.
 */
final class InternetTiers {
  static final String TABLE = "egress_volume_daily";

  /** egress_volume_daily: one row per date, scope (provider, region), cluster and team. */
  static final StructType SCHEMA =
      new StructType()
          .add("provider", DataTypes.StringType, false)
          .add("region", DataTypes.StringType, false)
          .add("cluster", DataTypes.StringType, false)
          .add("team", DataTypes.StringType, false)
          .add("internet_egress_bytes", DataTypes.LongType, false)
          .add("month_to_date_bytes_before", DataTypes.LongType, false)
          .add("internet_egress_cost", Tables.MONEY, false)
          .add("currency", DataTypes.StringType, false)
          .add("price_sheet_version", DataTypes.StringType, false);

  /** Tier money per chargeback group: the rows of {@link Allocation#groupCosts}. */
  static final StructType GROUP_COSTS =
      new StructType()
          .add("cluster", DataTypes.StringType, false)
          .add("team", DataTypes.StringType, false)
          .add("namespace", DataTypes.StringType, false)
          .add("workload_kind", DataTypes.StringType, false)
          .add("workload", DataTypes.StringType, false)
          .add("traffic_class", DataTypes.StringType, false)
          .add("tier_egress_cost", Tables.MONEY, false);

  /** The day's allocation: tier money per chargeback group, blended rate per region, volumes. */
  record Allocation(
      Map<String, BigDecimal> blendedRateByRegion, List<Row> groupCosts, List<Row> volumes) {}

  private InternetTiers() {}

  /**
   * Allocates the day's internet egress money. {@code flows} are the priced and unpriced attributed
   * rows of the day; rows of class internet with a cost have a ladder.
   */
  /** One chargeback group's priced internet egress bytes in one billing scope (region). */
  record GroupBytes(
      String region,
      String cluster,
      String team,
      String namespace,
      String workloadKind,
      String workload,
      long bytes) {}

  /**
   * Allocates the day's internet egress money over {@code groups}: the priced internet rows' egress
   * bytes per region and chargeback group.
   */
  static Allocation allocate(
      SparkSession spark,
      String storeRoot,
      String provider,
      LocalDate date,
      PriceBook book,
      List<GroupBytes> groups)
      throws IOException {
    Map<String, TreeMap<String, Long>> bytesByRegion = new TreeMap<>();
    Map<String, String[]> groupColumns = new HashMap<>();
    for (GroupBytes group : groups) {
      String[] columns = {
        group.cluster(), group.team(), group.namespace(), group.workloadKind(), group.workload()
      };
      String key = String.join("|", columns);
      groupColumns.put(key, columns);
      bytesByRegion
          .computeIfAbsent(group.region(), r -> new TreeMap<>())
          .merge(key, group.bytes(), Long::sum);
    }
    Map<String, Long> before =
        bytesByRegion.isEmpty() ? Map.of() : monthToDate(spark, storeRoot, provider, date);

    Map<String, BigDecimal> blended = new TreeMap<>();
    Map<String, BigDecimal> groupCost = new TreeMap<>();
    List<Row> volumes = new ArrayList<>();
    for (Map.Entry<String, TreeMap<String, Long>> scope : bytesByRegion.entrySet()) {
      String region = scope.getKey();
      TierSchedule ladder =
          book.tiers(
                  new PriceQuery(
                      provider,
                      region,
                      TrafficClass.INTERNET,
                      TransferDirection.EGRESS,
                      Optional.empty(),
                      date))
              .orElseThrow(
                  () -> new IllegalStateException("no internet egress ladder for " + region));
      long monthBefore = before.getOrDefault(region, 0L);
      TierAllocator.DayAllocation<String> day =
          new TierAllocator(ladder).allocateDay(monthBefore, scope.getValue());
      blended.put(region, day.blendedRatePerGib());
      Map<String, long[]> teamBytes = new TreeMap<>();
      Map<String, BigDecimal> teamCost = new TreeMap<>();
      for (Map.Entry<String, BigDecimal> entry : day.costs().entrySet()) {
        groupCost.merge(entry.getKey(), entry.getValue(), BigDecimal::add);
        String[] columns = groupColumns.get(entry.getKey());
        String team = columns[0] + "|" + columns[1];
        teamBytes.computeIfAbsent(team, t -> new long[1])[0] +=
            scope.getValue().get(entry.getKey());
        teamCost.merge(team, entry.getValue(), BigDecimal::add);
      }
      for (Map.Entry<String, long[]> team : teamBytes.entrySet()) {
        String[] clusterTeam = team.getKey().split("\\|", 2);
        volumes.add(
            RowFactory.create(
                provider,
                region,
                clusterTeam[0],
                clusterTeam[1],
                team.getValue()[0],
                monthBefore,
                teamCost.get(team.getKey()),
                day.currency(),
                day.sheetVersion()));
      }
    }
    List<Row> costs = new ArrayList<>();
    for (Map.Entry<String, BigDecimal> entry : groupCost.entrySet()) {
      String[] c = groupColumns.get(entry.getKey());
      costs.add(
          RowFactory.create(
              c[0], c[1], c[2], c[3], c[4], TrafficClass.INTERNET.wireName(), entry.getValue()));
    }
    return new Allocation(blended, costs, volumes);
  }

  /**
   * The scope's internet egress bytes on the dates of the month before {@code date}, from the
   * earlier runs' egress_volume_daily partitions. A date of the month that has flow snapshots but
   * no such partition has not been run: the ladder position would be wrong, so this is an error.
   */
  private static Map<String, Long> monthToDate(
      SparkSession spark, String storeRoot, String provider, LocalDate date) throws IOException {
    StoreFiles store = StoreFiles.open(spark, storeRoot);
    List<String> files = new ArrayList<>();
    for (LocalDate d = date.withDayOfMonth(1); d.isBefore(date); d = d.plusDays(1)) {
      // through the date's commit: one complete run's files, never a mix
      List<String> committed = store.committedFiles(TABLE, d);
      if (!committed.isEmpty()) {
        files.addAll(committed);
        continue;
      }
      if (!store.glob("flows/cluster=*/date=" + d).isEmpty()) {
        throw new NetcostException(
            ErrorKind.USER,
            "Internet egress tiers need the month-to-date volume: run the nightly job for "
                + d
                + " before "
                + date
                + " ("
                + d
                + " has flow snapshots but no tables/"
                + TABLE
                + "/date="
                + d
                + ")");
      }
    }
    // a few rows per earlier date: read on the driver (no Spark job for them)
    Map<String, Long> before = new HashMap<>();
    for (String file : files) {
      if (!file.endsWith(".parquet")) {
        continue;
      }
      try (ParquetReader<Group> reader =
          new GroupReader(store.inputFile(file))
              .withConf(spark.sparkContext().hadoopConfiguration())
              .build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          if (provider.equals(row.getString("provider", 0))) {
            before.merge(
                row.getString("region", 0), row.getLong("internet_egress_bytes", 0), Long::sum);
          }
        }
      }
    }
    return before;
  }

  /** A reader of Parquet rows as example Groups from a file of the store. */
  private static final class GroupReader extends ParquetReader.Builder<Group> {
    GroupReader(InputFile file) {
      super(file);
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }

  /** The day's tier money per chargeback group, to add to chargeback_daily's internet rows. */
  static Dataset<Row> groupCosts(SparkSession spark, Allocation allocation) {
    return spark.createDataFrame(allocation.groupCosts(), GROUP_COSTS);
  }

  /**
   * network_flows' internet rows: the day's blended rate of the row's scope as {@code
   * egress_usd_per_gib} and {@code round9(sent_bytes x blended / 2^30)} added to its egress cost
   * (indicative per row; chargeback_daily carries the exact allocation).
   */
  static Dataset<Row> applyToRows(Dataset<Row> flows, Allocation allocation) {
    if (allocation.blendedRateByRegion().isEmpty()) {
      return flows;
    }
    // a UDF over the five columns it needs (a map over whole rows would convert all 45 to Java
    // objects and back); the result is a struct of the three new values or null (row unchanged)
    Map<String, BigDecimal> blended = new HashMap<>(allocation.blendedRateByRegion());
    String internet = TrafficClass.INTERNET.wireName();
    StructType tierType =
        new StructType()
            .add("rate", Tables.MONEY)
            .add("egress", Tables.MONEY)
            .add("cost", Tables.MONEY);
    UDF5<String, String, Long, BigDecimal, BigDecimal, Row> tier =
        (trafficClass, region, sentBytes, egressCost, ingressCost) -> {
          if (!internet.equals(trafficClass) || egressCost == null || ingressCost == null) {
            return null;
          }
          BigDecimal rate = blended.get(region);
          if (rate == null) {
            return null;
          }
          BigDecimal egress = egressCost.add(Money.cost(sentBytes, rate)).setScale(Money.SCALE);
          return RowFactory.create(rate, egress, egress.add(ingressCost));
        };
    Column applied =
        functions
            .udf(tier, tierType)
            .asNondeterministic() // evaluated once per row, not once per field read below
            .apply(
                col("traffic_class"),
                col("region"),
                col("sent_bytes"),
                col("egress_cost"),
                col("ingress_cost"));
    List<Column> columns = new ArrayList<>();
    for (String name : flows.columns()) {
      String field =
          switch (name) {
            case "egress_usd_per_gib" -> "rate";
            case "egress_cost" -> "egress";
            case "cost" -> "cost";
            default -> null;
          };
      columns.add(
          field == null
              ? col(name)
              : when(col(TIER).isNull(), col(name)).otherwise(col(TIER).getField(field)).as(name));
    }
    return flows.withColumn(TIER, applied).select(columns.toArray(Column[]::new));
  }

  /** The scratch column of {@link #applyToRows}. */
  private static final String TIER = "_tier";
}
