package dev.netcost.job.nightly;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;

import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.job.attribution.Owner;
import dev.netcost.job.attribution.OwnershipIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The day's ownership intervals in Spark. Every run parses the metadata snapshot rows ({@link
 * #parse}) and keeps the latest copy of each interval ({@link #latest}: each hourly snapshot
 * repeats the intervals that overlap its hour); {@link #collect} brings them to the driver, to be
 * indexed and broadcast, while they are at most {@code --max-broadcast-intervals}. A day with more
 * keeps them in Spark and joins them to the flow rows ({@link #withOwners}): each flow row gets the
 * owners of its three addresses (local, peer, peer before DNAT) whose interval overlaps its window,
 * and {@link AttributeFlows} applies the same {@code FlowAttributor} to them as to the broadcast
 * index. Rows that break the contract, the latest-copy rule and the conflicts ({@link
 * OwnershipConflicts}) are the same in both modes.
 */
final class OwnershipJoin {
  /** An {@link Owner} as a Spark struct; listen ports as {@code protocol/port} texts. */
  static final StructType OWNER =
      new StructType()
          .add("kind", DataTypes.StringType, false)
          .add("uid", DataTypes.StringType, false)
          .add("namespace", DataTypes.StringType)
          .add("pod", DataTypes.StringType)
          .add("workload_kind", DataTypes.StringType, false)
          .add("workload", DataTypes.StringType, false)
          .add("team", DataTypes.StringType, false)
          .add("node", DataTypes.StringType)
          .add("zone", DataTypes.StringType)
          .add("region", DataTypes.StringType)
          .add("listen_ports", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("valid_from", DataTypes.LongType, false)
          .add("valid_to", DataTypes.LongType, false);

  /**
   * One metadata snapshot row, parsed: its owner (null when the row breaks the contract) or the
   * reason ({@code problem}, null when it is fine), with its source.
   */
  static final StructType PARSED =
      new StructType()
          .add("cluster", DataTypes.StringType)
          .add("ip", DataTypes.StringType)
          .add("owner", OWNER)
          .add("source_file", DataTypes.StringType)
          .add("source_row", DataTypes.LongType)
          .add("problem", DataTypes.StringType);

  /** One conflict: the address key (cluster/ip), its position among the key's lines, the line. */
  static final StructType CONFLICT =
      new StructType()
          .add("key", DataTypes.StringType, false)
          .add("position", DataTypes.IntegerType, false)
          .add("line", DataTypes.StringType, false);

  /** Canonical text of an address; null when it does not parse (the row step rejects it). */
  private static final UserDefinedFunction CANONICAL =
      udf(
              (String text) -> {
                if (text == null) {
                  return null;
                }
                try {
                  return IpAddresses.canonical(text);
                } catch (IllegalArgumentException e) {
                  return null;
                }
              },
              DataTypes.StringType)
          .withName("canonical_ip");

  private OwnershipJoin() {}

  /**
   * Parses metadata snapshot rows ({@link Tables#METADATA_SNAPSHOT} then source_file, source_row)
   * to rows of {@link #PARSED}, with the broadcast path's checks.
   */
  static Dataset<Row> parse(Dataset<Row> metadata) {
    return metadata.mapPartitions(
        (MapPartitionsFunction<Row, Row>)
            rows ->
                new Iterator<>() {
                  @Override
                  public boolean hasNext() {
                    return rows.hasNext();
                  }

                  @Override
                  public Row next() {
                    Row row = rows.next();
                    String file = row.getString(17);
                    long index = row.getLong(18);
                    try {
                      OwnershipInterval interval = NightlyJob.interval(row);
                      return RowFactory.create(
                          interval.cluster(),
                          interval.ip(),
                          encode(Owner.of(interval)),
                          file,
                          index,
                          null);
                    } catch (RuntimeException e) {
                      return RowFactory.create(
                          null, null, null, file, index, "metadata: " + e.getMessage());
                    }
                  }
                },
        Encoders.row(PARSED));
  }

  /**
   * The parsed rows that break the contract, as quarantine rows (kind, file, row, field, reason).
   */
  static Dataset<Row> rejected(Dataset<Row> parsed) {
    return parsed
        .filter(col("problem").isNotNull())
        .select(
            lit("row").as("kind"),
            col("source_file").as("file"),
            col("source_row").as("row"),
            lit(null).cast(DataTypes.StringType).as("field"),
            col("problem").as("reason"));
  }

  /**
   * The day's intervals, one row (cluster, ip, owner) per interval: among the copies of an interval
   * (same cluster, address, kind, owner uid and start), the one of the latest snapshot wins, that
   * is the greatest (source_file, source_row), as on the broadcast path.
   */
  static Dataset<Row> latest(Dataset<Row> parsed) {
    return parsed
        .filter(col("problem").isNull())
        .groupBy(
            col("cluster"), col("ip"), col("owner.kind"), col("owner.uid"), col("owner.valid_from"))
        .agg(max_by(col("owner"), struct(col("source_file"), col("source_row"))).as("owner"))
        .select(col("cluster"), col("ip"), col("owner"));
  }

  /**
   * The day's intervals on the driver, keyed by {@link OwnershipIndex#key}, while they are at most
   * {@code bound}; empty when there are more (the range join's case). The rows that break the
   * contract come back either way, as quarantine rows (kind, file, row, field, reason) in file and
   * row order.
   */
  record Collected(Optional<Map<String, List<Owner>>> owners, List<Row> rejected) {
    Collected {
      rejected = List.copyOf(rejected);
    }

    long intervals() {
      return owners.orElseThrow().values().stream().mapToLong(List::size).sum();
    }
  }

  /**
   * One Spark action: the rejected rows and at most {@code bound} + 1 of {@link #latest}'s
   * intervals (deduplicated in Spark first, so the bound counts intervals, not their hourly
   * copies).
   */
  static Collected collect(Dataset<Row> parsed, int bound) {
    Dataset<Row> rows =
        rejected(parsed)
            .select(
                col("kind"),
                col("file"),
                col("row"),
                col("reason"),
                lit(null).cast(DataTypes.StringType).as("cluster"),
                lit(null).cast(DataTypes.StringType).as("ip"),
                lit(null).cast(OWNER).as("owner"))
            .unionByName(
                latest(parsed)
                    .limit(bound + 1)
                    .select(
                        lit("interval").as("kind"),
                        lit(null).cast(DataTypes.StringType).as("file"),
                        lit(null).cast(DataTypes.LongType).as("row"),
                        lit(null).cast(DataTypes.StringType).as("reason"),
                        col("cluster"),
                        col("ip"),
                        col("owner")));
    List<Row> rejected = new ArrayList<>();
    Map<String, List<Owner>> owners = new HashMap<>();
    long intervals = 0;
    for (Row row : rows.collectAsList()) {
      if (row.getString(0).equals("row")) {
        rejected.add(RowFactory.create("row", row.getString(1), row.getLong(2), null, row.get(3)));
      } else {
        intervals++;
        owners
            .computeIfAbsent(
                OwnershipIndex.key(row.getString(4), row.getString(5)), k -> new ArrayList<>())
            .add(decode(row.getStruct(6)));
      }
    }
    rejected.sort(
        Comparator.comparing((Row row) -> row.getString(1))
            .thenComparingLong(row -> row.getLong(2)));
    return new Collected(intervals > bound ? Optional.empty() : Optional.of(owners), rejected);
  }

  /** Conflicts of {@link #latest} intervals, per address ({@link #CONFLICT} rows). */
  static Dataset<Row> conflicts(Dataset<Row> latest) {
    return latest
        .groupByKey(
            (MapFunction<Row, String>)
                row -> OwnershipIndex.key(row.getString(0), row.getString(1)),
            Encoders.STRING())
        .flatMapGroups(
            (FlatMapGroupsFunction<String, Row, Row>)
                (key, rows) -> {
                  List<Owner> owners = new ArrayList<>();
                  rows.forEachRemaining(row -> owners.add(decode(row.getStruct(2))));
                  List<String> lines = OwnershipConflicts.find(Map.of(key, owners));
                  List<Row> out = new ArrayList<>(lines.size());
                  for (int i = 0; i < lines.size(); i++) {
                    out.add(RowFactory.create(key, i, lines.get(i)));
                  }
                  return out.iterator();
                },
            Encoders.row(CONFLICT));
  }

  /** What the driver needs to know of the intervals it does not collect, from one Spark action. */
  record Report(long intervals, List<String> conflicts) {
    Report {
      conflicts = List.copyOf(conflicts);
    }
  }

  /**
   * Counts the intervals and collects the conflict lines (in address and pair order, as {@link
   * OwnershipConflicts#find} lists them): one Spark action over the union of the two.
   */
  static Report report(Dataset<Row> parsed) {
    Dataset<Row> latest = latest(parsed);
    Dataset<Row> rows =
        conflicts(latest)
            .select(
                lit("conflict").as("kind"),
                col("key"),
                col("line"),
                col("position"),
                lit(null).cast(DataTypes.LongType).as("count"))
            .unionByName(
                latest
                    .groupBy()
                    .count()
                    .select(
                        lit("count").as("kind"),
                        lit(null).cast(DataTypes.StringType).as("key"),
                        lit(null).cast(DataTypes.StringType).as("line"),
                        lit(null).cast(DataTypes.IntegerType).as("position"),
                        col("count")));
    long intervals = 0;
    List<Row> conflicts = new ArrayList<>();
    for (Row row : rows.collectAsList()) {
      switch (row.getString(0)) {
        case "conflict" -> conflicts.add(row);
        case "count" -> intervals = row.getLong(4);
        default -> throw new IllegalStateException("Unknown report row: " + row);
      }
    }
    conflicts.sort(
        Comparator.comparing((Row row) -> row.getString(1)).thenComparingInt(row -> row.getInt(3)));
    return new Report(intervals, conflicts.stream().map(row -> row.getString(2)).toList());
  }

  /**
   * The flow snapshot rows ({@link Tables#FLOW_SNAPSHOT} then source_file, source_row) with one
   * more column, {@code owners}: array of (ip, owner) of every interval of {@code latest} on the
   * row's cluster and local, peer or pre-DNAT peer address that overlaps the row's window ({@code
   * valid_from < window_end and valid_to > window_start}); null when none does. Addresses are
   * compared in canonical text, as the row step compares them.
   *
   * <p>Spark work: the rows' addresses (source, cluster, window and one address, up to three per
   * row) are shuffled with the intervals by (cluster, ip) into a sort-merge join, the matches
   * shuffled by source into a list per row, and the flow rows shuffled by source to meet their
   * lists.
   */
  static Dataset<Row> withOwners(Dataset<Row> flows, Dataset<Row> latest) {
    Dataset<Row> addresses =
        flows
            .select(
                col("source_file"),
                col("source_row"),
                col("cluster").as("flow_cluster"),
                unix_micros(col("window_start")).as("from_micros"),
                unix_micros(col("window_end")).as("to_micros"),
                explode(
                        array_distinct(
                            array(
                                CANONICAL.apply(col("local_ip")),
                                CANONICAL.apply(col("peer_ip")),
                                CANONICAL.apply(col("peer_pre_nat_ip")))))
                    .as("flow_ip"))
            .filter(col("flow_ip").isNotNull());
    Dataset<Row> intervals = latest.hint("shuffle_merge");
    Dataset<Row> owners =
        addresses
            .join(
                intervals,
                col("flow_cluster")
                    .equalTo(intervals.col("cluster"))
                    .and(col("flow_ip").equalTo(intervals.col("ip")))
                    .and(col("owner.valid_from").lt(col("to_micros")))
                    .and(col("owner.valid_to").gt(col("from_micros"))))
            .groupBy(col("source_file").as("owners_file"), col("source_row").as("owners_row"))
            .agg(collect_list(struct(col("ip"), col("owner"))).as("owners"));
    List<Column> columns = new ArrayList<>();
    for (String name : flows.columns()) {
      columns.add(flows.col(name));
    }
    columns.add(owners.col("owners"));
    return flows
        .join(
            owners,
            flows
                .col("source_file")
                .equalTo(owners.col("owners_file"))
                .and(flows.col("source_row").equalTo(owners.col("owners_row"))),
            "left")
        .select(columns.toArray(Column[]::new));
  }

  /**
   * The owners of one joined row, the (ip, owner) structs of {@link #withOwners}'s column, as an
   * index over its cluster.
   */
  static OwnershipIndex index(String cluster, List<Row> matches) {
    if (matches.isEmpty()) {
      return OwnershipIndex.of(Map.of());
    }
    Map<String, List<Owner>> owners = new HashMap<>(4);
    for (Row match : matches) {
      owners
          .computeIfAbsent(OwnershipIndex.key(cluster, match.getString(0)), k -> new ArrayList<>())
          .add(decode(match.getStruct(1)));
    }
    return OwnershipIndex.of(owners);
  }

  static Row encode(Owner owner) {
    return RowFactory.create(
        owner.kind().wireName(),
        owner.uid(),
        owner.namespace(),
        owner.pod(),
        owner.workloadKind(),
        owner.workload(),
        owner.team(),
        owner.node(),
        owner.zone(),
        owner.region(),
        owner.listenPorts().stream().sorted().toArray(String[]::new),
        owner.validFromMicros(),
        owner.validToMicros());
  }

  static Owner decode(Row row) {
    return new Owner(
        OwnerKind.fromWireName(row.getString(0)),
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        row.getString(6),
        row.getString(7),
        row.getString(8),
        row.getString(9),
        new HashSet<>(row.<String>getList(10)),
        row.getLong(11),
        row.getLong(12));
  }
}
