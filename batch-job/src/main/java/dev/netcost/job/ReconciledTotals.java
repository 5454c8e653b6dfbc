package dev.netcost.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.netcost.contract.Money;
import dev.netcost.contract.Sentinels;
import dev.netcost.job.nightly.Tables;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The reconciled month as the tables say it (docs/reconciliation.md §6), for the console: billed
 * total (Σ reconciliation_keys_daily.billed_cost), reconciled per team (Σ
 * reconciliation_allocations_daily.reconciled_cost of the team), unattributed (Σ of the {@code
 * __unattributed__} allocation rows) and the estimate per team (Σ chargeback_daily.cost). Read from
 * the written tables, not from the runs' summaries, so the console shows exactly what a query over
 * the tables shows.
 *
 * @param teams per team: estimate (empty when the team has no priced row) and reconciled
 * @param days per date: billed, unattributed, measured GiB and billed GiB of the keys the bill has
 */
record ReconciledTotals(
    BigDecimal billed,
    BigDecimal unattributed,
    BigDecimal keysUnattributed,
    Map<String, BigDecimal[]> teams,
    List<Day> days) {

  record Day(
      LocalDate date,
      BigDecimal billed,
      BigDecimal unattributed,
      BigDecimal measuredGib,
      BigDecimal billedUsageGib) {}

  /** Reads the tables of {@code from}..{@code to} under {@code sparkStore} (a Spark location). */
  static ReconciledTotals read(
      SparkSession spark, String sparkStore, LocalDate from, LocalDate to) {
    Dataset<Row> keys = table(spark, sparkStore, Tables.RECONCILIATION_KEYS_DAILY, from, to);
    Dataset<Row> allocations =
        table(spark, sparkStore, Tables.RECONCILIATION_ALLOCATIONS_DAILY, from, to);
    Dataset<Row> chargeback = table(spark, sparkStore, Tables.CHARGEBACK_DAILY, from, to);

    Map<String, BigDecimal[]> teams = new TreeMap<>();
    for (Row row :
        chargeback
            .groupBy(col("team"))
            .agg(sum("cost").cast(Tables.MONEY).as("cost"))
            .collectAsList()) {
      teams.computeIfAbsent(row.getString(0), t -> new BigDecimal[2])[0] =
          row.isNullAt(1) ? null : row.getDecimal(1);
    }
    BigDecimal unattributed = BigDecimal.ZERO;
    for (Row row :
        allocations
            .groupBy(col("team"))
            .agg(sum("reconciled_cost").cast(Tables.MONEY).as("reconciled"))
            .collectAsList()) {
      if (row.getString(0).equals(Sentinels.UNATTRIBUTED)) {
        unattributed = row.getDecimal(1);
      } else {
        teams.computeIfAbsent(row.getString(0), t -> new BigDecimal[2])[1] = row.getDecimal(1);
      }
    }
    List<Day> days =
        keys
            .groupBy(col("date"))
            .agg(
                sum("billed_cost").cast(Tables.MONEY).as("billed"),
                sum("unattributed_cost").cast(Tables.MONEY).as("unattributed"),
                sum(when(col("bill_lines").gt(0), col("measured_bytes")).otherwise(lit(0L)))
                    .as("measured_bytes"),
                sum("billed_usage_gib").cast(Tables.MONEY).as("usage"))
            .orderBy(col("date"))
            .collectAsList()
            .stream()
            .map(
                row ->
                    new Day(
                        LocalDate.parse(row.get(0).toString()),
                        row.getDecimal(1),
                        row.getDecimal(2),
                        Money.gib(row.getLong(3)),
                        row.getDecimal(4)))
            .toList();
    BigDecimal billed = BigDecimal.ZERO;
    BigDecimal keysUnattributed = BigDecimal.ZERO;
    for (Day day : days) {
      billed = billed.add(day.billed());
      keysUnattributed = keysUnattributed.add(day.unattributed());
    }
    return new ReconciledTotals(billed, unattributed, keysUnattributed, teams, days);
  }

  private static Dataset<Row> table(
      SparkSession spark, String sparkStore, String name, LocalDate from, LocalDate to) {
    return spark
        .read()
        .option("basePath", sparkStore + "/tables/" + name)
        .parquet(sparkStore + "/tables/" + name)
        .filter(col("date").cast("string").between(lit(from.toString()), lit(to.toString())));
  }

  /** Σ reconciled over the teams (without the unattributed rows). */
  BigDecimal reconciled() {
    BigDecimal total = BigDecimal.ZERO;
    for (BigDecimal[] team : teams.values()) {
      if (team[1] != null) {
        total = total.add(team[1]);
      }
    }
    return total;
  }

  void print(PrintStream out) {
    out.printf(
        "%nNetwork cost by team, estimated (price sheet, chargeback_daily) vs reconciled (the bill,"
            + " reconciliation_allocations_daily):%n%n");
    out.printf("%-18s %14s %14s%n", "team", "estimated", "reconciled");
    out.println("-".repeat(48));
    BigDecimal estimated = BigDecimal.ZERO;
    for (Map.Entry<String, BigDecimal[]> entry : teams.entrySet()) {
      BigDecimal[] team = entry.getValue();
      out.printf(
          "%-18s %14s %14s%n",
          entry.getKey(),
          team[0] == null ? "unpriced" : cents(team[0]),
          cents(team[1] == null ? BigDecimal.ZERO : team[1]));
      if (team[0] != null) {
        estimated = estimated.add(team[0]);
      }
    }
    out.printf("%-18s %14s %14s%n", Sentinels.UNATTRIBUTED, "-", cents(unattributed));
    out.println("-".repeat(48));
    BigDecimal reconciled = reconciled();
    out.printf("%-18s %14s %14s%n", "total", cents(estimated), cents(reconciled.add(unattributed)));
    boolean tiesOut =
        reconciled.add(unattributed).compareTo(billed) == 0
            && unattributed.compareTo(keysUnattributed) == 0;
    out.printf(
        "billed network transfer (net of discounts): %s = reconciled to teams %s + unattributed %s:"
            + " %s%n",
        cents(billed),
        cents(reconciled),
        cents(unattributed),
        tiesOut ? "ties out" : "DOES NOT TIE OUT");
    out.printf("%nCoverage per day (measured GiB / billed GiB; money no flow explains):%n");
    for (Day day : days) {
      out.printf(
          "  %s: %s of %s GiB (%s), unattributed %s of %s%n",
          day.date(),
          day.measuredGib().setScale(1, RoundingMode.HALF_EVEN).toPlainString(),
          day.billedUsageGib().setScale(1, RoundingMode.HALF_EVEN).toPlainString(),
          day.billedUsageGib().signum() > 0
              ? day.measuredGib()
                      .divide(day.billedUsageGib(), 4, RoundingMode.HALF_EVEN)
                      .movePointRight(2)
                      .setScale(2, RoundingMode.HALF_EVEN)
                  + " %"
              : "no usage",
          cents(day.unattributed()),
          cents(day.billed()));
    }
  }

  static String cents(BigDecimal value) {
    return Money.cents(value).toPlainString();
  }
}
