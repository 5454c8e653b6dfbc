package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;

import dev.netcost.pricing.TrafficClass;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Everything the run needs to know about its attributed rows besides the rows themselves, from the
 * one aggregate {@link NightlyJob#groupTotals}: the run_log counts, the internet egress bytes per
 * billing scope and chargeback group (for {@link InternetTiers}), and chargeback_daily itself.
 * chargeback_daily is small (one row per group and class), so it is summed here on the driver from
 * the aggregate's rows instead of by a second pass over the flows.
 *
 * <p>Sums follow SQL: a money column of a chargeback row is the sum of its priced rows' money and
 * null when none of its rows is priced; internet egress tier money is added to egress_cost and cost
 * where they are not null.
 */
final class RunTotals {
  private static final String[] KEY = {
    "cluster", "team", "namespace", "workload_kind", "workload", "traffic_class"
  };

  /**
   * chargeback_daily as the job writes it: the contract's columns, nullable as Spark's aggregate
   * would make them (currency always set).
   */
  static final StructType CHARGEBACK_SCHEMA = chargebackSchema();

  private final List<Row> rows;
  private final String defaultCurrency;
  private long rowsWritten;
  private long rowsUnpriced;
  private long bytesUnpriced;
  private long rowsUnresolved;
  private long rowsQuarantined;
  private BigDecimal resolvedBytes = BigDecimal.ZERO;

  private RunTotals(List<Row> rows, String defaultCurrency) {
    this.rows = List.copyOf(rows);
    this.defaultCurrency = requireNonNull(defaultCurrency, "defaultCurrency is null");
    for (Row row : this.rows) {
      long count = row.<Long>getAs("rows");
      if (row.<Boolean>getAs("rejected")) {
        rowsQuarantined += count;
        continue;
      }
      rowsWritten += count;
      if (!row.<Boolean>getAs("priced")) {
        rowsUnpriced += count;
        bytesUnpriced += row.<Long>getAs("sent_bytes") + row.<Long>getAs("received_bytes");
      }
      if (row.<Boolean>getAs("unresolved")) {
        rowsUnresolved += count;
      } else {
        resolvedBytes =
            resolvedBytes
                .add(BigDecimal.valueOf(row.<Long>getAs("sent_bytes")))
                .add(BigDecimal.valueOf(row.<Long>getAs("received_bytes")));
      }
    }
  }

  /** Totals from the rows of {@link NightlyJob#groupTotals}. */
  static RunTotals of(List<Row> groupTotals, String defaultCurrency) {
    return new RunTotals(groupTotals, defaultCurrency);
  }

  long rowsWritten() {
    return rowsWritten;
  }

  long rowsUnpriced() {
    return rowsUnpriced;
  }

  long bytesUnpriced() {
    return bytesUnpriced;
  }

  long rowsUnresolved() {
    return rowsUnresolved;
  }

  long rowsQuarantined() {
    return rowsQuarantined;
  }

  /**
   * Bytes (sent plus received) of the accepted rows whose local end was resolved to an owner: what
   * {@link SuspiciousDay#resolvedDrop} compares with the previous days.
   */
  BigDecimal resolvedBytes() {
    return resolvedBytes;
  }

  /** Priced internet egress bytes per billing scope (region) and chargeback group. */
  List<InternetTiers.GroupBytes> internetGroups() {
    Map<List<String>, Long> bytes = new TreeMap<>(RunTotals::compareKeys);
    for (Row row : rows) {
      if (row.<Boolean>getAs("rejected")
          || !row.<Boolean>getAs("priced")
          || !TrafficClass.INTERNET.wireName().equals(row.getAs("traffic_class"))) {
        continue;
      }
      List<String> key =
          List.of(
              row.<String>getAs("region"),
              row.<String>getAs("cluster"),
              row.<String>getAs("team"),
              row.<String>getAs("namespace"),
              row.<String>getAs("workload_kind"),
              row.<String>getAs("workload"));
      bytes.merge(key, row.<Long>getAs("sent_bytes"), Long::sum);
    }
    List<InternetTiers.GroupBytes> groups = new ArrayList<>(bytes.size());
    bytes.forEach(
        (k, b) ->
            groups.add(
                new InternetTiers.GroupBytes(
                    k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), k.get(5), b)));
    return groups;
  }

  /**
   * chargeback_daily's rows (one per cluster, team, namespace, workload kind, workload and traffic
   * class), with the day's tier money per group ({@link InternetTiers.Allocation#groupCosts})
   * added.
   */
  List<Row> chargeback(List<Row> tierCosts) {
    Map<List<String>, BigDecimal> tier = new HashMap<>();
    StructType costs = InternetTiers.GROUP_COSTS;
    for (Row cost : tierCosts) {
      List<String> key = new ArrayList<>(KEY.length);
      for (String column : KEY) {
        key.add(cost.getString(costs.fieldIndex(column)));
      }
      tier.put(key, cost.getDecimal(costs.fieldIndex("tier_egress_cost")));
    }
    Map<List<String>, Group> groups = new TreeMap<>(RunTotals::compareKeys);
    for (Row row : rows) {
      if (!row.<Boolean>getAs("rejected")) {
        groups.computeIfAbsent(key(row), k -> new Group()).add(row);
      }
    }
    List<Row> out = new ArrayList<>(groups.size());
    for (Map.Entry<List<String>, Group> entry : groups.entrySet()) {
      Group group = entry.getValue();
      BigDecimal tierCost = tier.getOrDefault(entry.getKey(), BigDecimal.ZERO);
      Map<String, Object> values = new HashMap<>();
      for (int i = 0; i < KEY.length; i++) {
        values.put(KEY[i], entry.getKey().get(i));
      }
      values.put("egress_bytes", group.egressBytes);
      values.put("ingress_bytes", group.ingressBytes);
      values.put("unpriced_bytes", group.unpricedBytes);
      values.put("egress_cost", group.egressCost == null ? null : group.egressCost.add(tierCost));
      values.put("ingress_cost", group.ingressCost);
      values.put("cost", group.cost == null ? null : group.cost.add(tierCost));
      values.put("currency", group.currency(defaultCurrency));
      Object[] row = new Object[CHARGEBACK_SCHEMA.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = values.get(CHARGEBACK_SCHEMA.fields()[i].name());
      }
      out.add(RowFactory.create(row));
    }
    return out;
  }

  /**
   * Per team and traffic class (ordered so): egress, ingress and unpriced bytes and cost, summed
   * over {@code chargeback} rows; cost is null when no row of the pair has one.
   */
  static List<Row> teamSummary(List<Row> chargeback) {
    Map<List<String>, Object[]> sums = new TreeMap<>(RunTotals::compareKeys);
    int team = CHARGEBACK_SCHEMA.fieldIndex("team");
    int trafficClass = CHARGEBACK_SCHEMA.fieldIndex("traffic_class");
    int egress = CHARGEBACK_SCHEMA.fieldIndex("egress_bytes");
    int ingress = CHARGEBACK_SCHEMA.fieldIndex("ingress_bytes");
    int unpriced = CHARGEBACK_SCHEMA.fieldIndex("unpriced_bytes");
    int cost = CHARGEBACK_SCHEMA.fieldIndex("cost");
    for (Row row : chargeback) {
      Object[] sum =
          sums.computeIfAbsent(
              List.of(row.getString(team), row.getString(trafficClass)),
              k -> new Object[] {k.get(0), k.get(1), 0L, 0L, 0L, null});
      sum[2] = (Long) sum[2] + row.getLong(egress);
      sum[3] = (Long) sum[3] + row.getLong(ingress);
      sum[4] = (Long) sum[4] + row.getLong(unpriced);
      if (!row.isNullAt(cost)) {
        sum[5] =
            sum[5] == null ? row.getDecimal(cost) : ((BigDecimal) sum[5]).add(row.getDecimal(cost));
      }
    }
    List<Row> out = new ArrayList<>(sums.size());
    for (Object[] sum : sums.values()) {
      out.add(RowFactory.create(sum));
    }
    return out;
  }

  private static List<String> key(Row row) {
    List<String> key = new ArrayList<>(KEY.length);
    for (String column : KEY) {
      key.add(row.getAs(column));
    }
    return key;
  }

  /** Orders keys column by column, nulls first (as Spark's ascending sort). */
  private static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      String x = a.get(i);
      String y = b.get(i);
      if (x == null || y == null) {
        if (x != y) {
          return x == null ? -1 : 1;
        }
        continue;
      }
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** One chargeback group's running sums. */
  private static final class Group {
    long egressBytes;
    long ingressBytes;
    long unpricedBytes;
    BigDecimal egressCost;
    BigDecimal ingressCost;
    BigDecimal cost;
    String pricedCurrency;
    String anyCurrency;

    void add(Row row) {
      long sent = row.<Long>getAs("sent_bytes");
      long received = row.<Long>getAs("received_bytes");
      egressBytes += sent;
      ingressBytes += received;
      String currency = row.getAs("currency");
      anyCurrency = smaller(anyCurrency, currency);
      if (!row.<Boolean>getAs("priced")) {
        unpricedBytes += sent + received;
        return;
      }
      pricedCurrency = smaller(pricedCurrency, currency);
      egressCost = plus(egressCost, row.getAs("egress_cost"));
      ingressCost = plus(ingressCost, row.getAs("ingress_cost"));
      cost = plus(cost, row.getAs("cost"));
    }

    String currency(String fallback) {
      return pricedCurrency != null ? pricedCurrency : anyCurrency != null ? anyCurrency : fallback;
    }

    private static String smaller(String a, String b) {
      return a == null ? b : b == null || a.compareTo(b) <= 0 ? a : b;
    }

    private static BigDecimal plus(BigDecimal sum, BigDecimal value) {
      return value == null ? sum : sum == null ? value : sum.add(value);
    }
  }

  private static StructType chargebackSchema() {
    StructField[] fields = Tables.CHARGEBACK_DAILY_SCHEMA.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      StructField field = fields[i];
      fields[i] =
          new StructField(
              field.name(), field.dataType(), !field.name().equals("currency"), field.metadata());
    }
    return new StructType(fields);
  }
}
