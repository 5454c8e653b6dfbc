package dev.netcost.spark;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Keys of the output tables relative to the store root (docs/data-contract.md §1): {@code
 * tables/<table>/} with Hive partitions {@code date=YYYY-MM-DD} (daily tables) or {@code
 * month=YYYY-MM} (chargeback_monthly).
 */
public final class TablePaths {
  /** The directory of every table. */
  public static final String TABLES = "tables";

  private TablePaths() {}

  /** {@code tables/<table>}. */
  public static String table(String table) {
    requireNonNull(table, "table is null");
    return TABLES + "/" + table;
  }

  /** {@code tables/<table>/date=YYYY-MM-DD}. */
  public static String partition(String table, LocalDate date) {
    requireNonNull(date, "date is null");
    return table(table) + "/date=" + date;
  }

  /** {@code tables/<table>/month=YYYY-MM}. */
  public static String partition(String table, YearMonth month) {
    requireNonNull(month, "month is null");
    return table(table) + "/month=" + month;
  }
}
