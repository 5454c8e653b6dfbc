package dev.netcost.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.OwnershipInterval;
import dev.netcost.job.SharedSpark;
import dev.netcost.job.attribution.Owner;
import dev.netcost.job.attribution.OwnershipIndex;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The join mode's transforms on literal inputs: the same intervals, rejected rows and conflicts as
 * the broadcast path, and each flow row's owners exactly those the broadcast index gives it.
 */
class OwnershipJoinTest {
  private static final Instant HOUR = Instant.parse("2026-11-01T05:00:00Z");
  private static final String H04 = "file:/s/metadata/cluster=c/date=2026-11-01/hour=04/x.parquet";
  private static final String H05 = "file:/s/metadata/cluster=c/date=2026-11-01/hour=05/x.parquet";
  private static final String H06 = "file:/s/metadata/cluster=c/date=2026-11-01/hour=06/x.parquet";

  private static final StructType METADATA =
      Tables.METADATA_SNAPSHOT
          .add("source_file", DataTypes.StringType)
          .add("source_row", DataTypes.LongType)
          .asNullable();
  private static final StructType FLOWS =
      Tables.FLOW_SNAPSHOT
          .add("source_file", DataTypes.StringType)
          .add("source_row", DataTypes.LongType)
          .asNullable();

  private final SparkSession spark = SharedSpark.get();

  /** Metadata rows of the tests, deliberately out of file order. */
  private static List<Row> metadataRows() {
    return List.of(
        // the hour-06 copy closed the interval the hour-05 copy had open: it wins
        pod(H06, 0, "c", "10.1.0.9", "uid-a", "a-1", "shop-team", HOUR.minusSeconds(3600), at(30)),
        pod(H05, 0, "c", "10.1.0.9", "uid-a", "a-1", "shop-team", HOUR.minusSeconds(3600), null),
        // a later copy that breaks the contract is rejected and does not win
        pod(H06, 1, "c", "10.1.0.9", "uid-a", "a-1", "", HOUR.minusSeconds(3600), null),
        pod(H04, 7, "c", "300.1.0.1", "uid-x", "x-1", "shop-team", HOUR, null),
        // the address in two spellings: one interval
        pod(H05, 1, "c", "2001:DB8::1", "uid-v6", "v-1", "shop-team", HOUR, null),
        pod(H06, 2, "c", "2001:db8:0::1", "uid-v6", "v-1", "shop-team", HOUR, null),
        // two pods at once on 10.1.0.10: a conflict; b-1 reuses 10.1.0.9 after a-1
        pod(H05, 2, "c", "10.1.0.10", "uid-d", "d-1", "shop-team", HOUR, null),
        pod(H05, 3, "c", "10.1.0.10", "uid-e", "e-1", "shop-team", at(10), at(20)),
        pod(H05, 4, "c", "10.1.0.9", "uid-b", "b-1", "web-team", at(30), null),
        // the node and its hostNetwork pod share the node's address by design: no conflict
        node(H05, 5, "c", "10.0.0.1", "uid-n1"),
        hostPod(H05, 6, "c", "10.0.0.1", "uid-h1"),
        // the same address in another cluster
        node(H05, 8, "d", "10.0.0.1", "uid-n9"));
  }

  @Test
  void intervalsRejectedRowsAndConflictsAreThoseOfTheDriverSideReading() {
    Dataset<Row> metadata = spark.createDataFrame(metadataRows(), METADATA).repartition(3);
    Dataset<Row> parsed = OwnershipJoin.parse(metadata);

    List<Row> rejected = new ArrayList<>();
    Map<String, List<Owner>> reference = reference(metadataRows(), rejected);
    OwnershipJoin.Collected collected = OwnershipJoin.collect(parsed, 8);
    OwnershipJoin.Report report = OwnershipJoin.report(parsed);

    assertThat(collected.intervals()).isEqualTo(8);
    assertThat(report.intervals()).isEqualTo(8);
    assertThat(report.intervals())
        .isEqualTo(reference.values().stream().mapToLong(List::size).sum());
    assertThat(collected.rejected())
        .containsExactly(
            RowFactory.create("row", H04, 7L, null, "metadata: Invalid IP address: '300.1.0.1'"),
            RowFactory.create("row", H06, 1L, null, "metadata: team is empty"));
    assertThat(collected.rejected()).isEqualTo(rejected);
    assertThat(report.conflicts())
        .containsExactly(
            "ownership conflict: 10.1.0.10 of cluster c held by pod shop/d-1 (uid uid-d) and pod"
                + " shop/e-1 (uid uid-e) at once from 2026-11-01T05:10:00Z to"
                + " 2026-11-01T05:20:00Z; its traffic in that span is split between them by time");
    assertThat(report.conflicts()).isEqualTo(OwnershipConflicts.find(reference));
    assertThat(OwnershipConflicts.find(collected.owners().orElseThrow()))
        .isEqualTo(report.conflicts());

    Map<String, List<Owner>> joined = new TreeMap<>();
    for (Row row : OwnershipJoin.latest(parsed).collectAsList()) {
      joined
          .computeIfAbsent(
              OwnershipIndex.key(row.getString(0), row.getString(1)), k -> new ArrayList<>())
          .add(OwnershipJoin.decode(row.getStruct(2)));
    }
    Map<String, List<Owner>> expected = new TreeMap<>();
    reference.forEach((key, owners) -> expected.put(key, sorted(owners)));
    joined.replaceAll((key, owners) -> sorted(owners));
    assertThat(joined).isEqualTo(expected);
    Map<String, List<Owner>> broadcast = new TreeMap<>(collected.owners().orElseThrow());
    broadcast.replaceAll((key, owners) -> sorted(owners));
    assertThat(broadcast).isEqualTo(expected);
    assertThat(joined.get("c/10.1.0.9"))
        .extracting(Owner::uid, Owner::validToMicros)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("uid-a", micros(at(30))),
            org.assertj.core.groups.Tuple.tuple("uid-b", Long.MAX_VALUE));
    assertThat(joined).containsKey("c/2001:db8::1");
  }

  @Test
  void theBoundCountsIntervalsNotTheirHourlyCopies() {
    // 12 rows, 2 rejected, 10 valid rows that are 8 intervals (two have a second copy)
    Dataset<Row> parsed =
        OwnershipJoin.parse(spark.createDataFrame(metadataRows(), METADATA).repartition(2));

    assertThat(OwnershipJoin.collect(parsed, 8).owners()).isPresent();
    OwnershipJoin.Collected over = OwnershipJoin.collect(parsed, 7);
    assertThat(over.owners()).isEmpty();
    // the rejected rows come back whether the intervals do or not
    assertThat(over.rejected()).extracting(row -> row.getLong(2)).containsExactly(7L, 1L);
    assertThat(OwnershipJoin.collect(parsed, 0).owners()).isEmpty();
  }

  /**
   * An independent reading of the rows on the driver: in file (= time) and row order, the latest
   * copy of an interval (cluster, address, kind, uid, start) replaces the earlier ones.
   */
  private static Map<String, List<Owner>> reference(List<Row> collected, List<Row> rejected) {
    List<Row> rows = new ArrayList<>(collected);
    rows.sort(
        Comparator.comparing((Row row) -> row.getString(17))
            .thenComparingLong(row -> row.getLong(18)));
    Map<String, OwnershipInterval> latest = new LinkedHashMap<>();
    for (Row row : rows) {
      try {
        OwnershipInterval interval = NightlyJob.interval(row);
        latest.put(
            String.join(
                "|",
                interval.cluster(),
                interval.ip(),
                interval.kind().wireName(),
                interval.ownerUid(),
                interval.validFrom().toString()),
            interval);
      } catch (RuntimeException e) {
        rejected.add(
            RowFactory.create(
                "row", row.getString(17), row.getLong(18), null, "metadata: " + e.getMessage()));
      }
    }
    Map<String, List<Owner>> owners = new HashMap<>();
    for (OwnershipInterval interval : latest.values()) {
      owners
          .computeIfAbsent(
              OwnershipIndex.key(interval.cluster(), interval.ip()), k -> new ArrayList<>())
          .add(Owner.of(interval));
    }
    return owners;
  }

  @Test
  void eachFlowRowGetsTheOwnersOfItsAddressesThatOverlapItsWindow() {
    Dataset<Row> metadata = spark.createDataFrame(metadataRows(), METADATA);
    Dataset<Row> latest = OwnershipJoin.latest(OwnershipJoin.parse(metadata));
    OwnershipIndex everything = OwnershipIndex.of(reference(metadataRows(), new ArrayList<>()));
    List<Row> flowRows =
        List.of(
            // the peer changed hands at 05:30 (a-1 until then, b-1 after)
            flow(0, "c", HOUR, HOUR.plusSeconds(3600), "10.0.0.1", "10.1.0.9", null),
            // a-1 held the address until 05:30 exactly: a window starting then has only b-1
            flow(1, "c", at(30), at(40), "10.0.0.1", "10.1.0.9", null),
            // a window ending when d-1's interval starts does not overlap it
            flow(2, "c", HOUR.minusSeconds(600), HOUR, "10.1.0.10", "198.51.100.1", null),
            // another spelling of an address; a pre-DNAT address
            flow(3, "c", HOUR, at(5), "2001:DB8:0:0::1", "10.1.0.10", "10.1.0.9"),
            // the same address in another cluster; an address that does not parse
            flow(4, "d", HOUR, at(5), "10.0.0.1", "10.1.0.9", null),
            flow(5, "c", HOUR, at(5), "not-an-ip", "10.1.0.9", null));
    Dataset<Row> flows = spark.createDataFrame(flowRows, FLOWS).repartition(2);

    Dataset<Row> withOwners = OwnershipJoin.withOwners(flows, latest);
    List<Row> joined = new ArrayList<>(withOwners.collectAsList());
    // however small the intervals, a sort-merge join (docs/nightly-job.md): never broadcast
    assertThat(withOwners.queryExecution().executedPlan().toString())
        .contains("SortMergeJoin [flow_cluster")
        .doesNotContain("BroadcastHashJoin [flow_cluster");
    joined.sort(Comparator.comparingLong(row -> row.getLong(17)));

    assertThat(joined).hasSize(flowRows.size());
    List<String> columns = new ArrayList<>(Arrays.asList(FLOWS.fieldNames()));
    columns.add("owners");
    assertThat(OwnershipJoin.withOwners(flows, latest).columns())
        .containsExactlyElementsOf(columns);
    assertThat(joined)
        .extracting(OwnershipJoinTest::owners)
        .containsExactly(
            "10.0.0.1 uid-h1, 10.0.0.1 uid-n1, 10.1.0.9 uid-a, 10.1.0.9 uid-b",
            "10.0.0.1 uid-h1, 10.0.0.1 uid-n1, 10.1.0.9 uid-b",
            "",
            "10.1.0.10 uid-d, 10.1.0.9 uid-a, 2001:db8::1 uid-v6",
            "10.0.0.1 uid-n9",
            "10.1.0.9 uid-a");
    // each row's own index answers every lookup of the row as the whole index does
    for (Row row : joined) {
      OwnershipIndex own =
          OwnershipJoin.index(row.getString(0), row.isNullAt(18) ? List.of() : row.getList(18));
      long from = micros(row.getAs(2));
      long to = micros(row.getAs(3));
      for (int column : new int[] {4, 5, 6}) {
        String address = row.getString(column);
        if (address == null || address.equals("not-an-ip")) {
          continue;
        }
        String canonical = dev.netcost.contract.IpAddresses.canonical(address);
        assertThat(own.owners(row.getString(0), canonical, from, to))
            .isEqualTo(everything.owners(row.getString(0), canonical, from, to));
      }
    }
  }

  private static String owners(Row row) {
    if (row.isNullAt(18)) {
      return "";
    }
    List<String> owners = new ArrayList<>();
    for (Row match : row.<Row>getList(18)) {
      owners.add(match.getString(0) + " " + match.getStruct(1).getString(1));
    }
    owners.sort(Comparator.naturalOrder());
    return String.join(", ", owners);
  }

  private static List<Owner> sorted(List<Owner> owners) {
    List<Owner> copy = new ArrayList<>(owners);
    copy.sort(Comparator.comparing(Owner::toString));
    return copy;
  }

  private static Instant at(int minute) {
    return HOUR.plusSeconds(60L * minute);
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static Row pod(
      String file,
      long row,
      String cluster,
      String ip,
      String uid,
      String name,
      String team,
      Instant from,
      Instant to) {
    return RowFactory.create(
        cluster,
        ip,
        "pod",
        uid,
        "shop",
        name,
        "Deployment",
        name.substring(0, 1),
        team,
        "{}",
        "n1",
        "us-east-1a",
        "us-east-1",
        null,
        null,
        from,
        to,
        file,
        row);
  }

  private static Row node(String file, long row, String cluster, String ip, String uid) {
    return RowFactory.create(
        cluster,
        ip,
        "node",
        uid,
        null,
        null,
        "Node",
        "n1",
        "__unassigned__",
        "{}",
        "n1",
        "us-east-1a",
        "us-east-1",
        null,
        null,
        HOUR.minusSeconds(86_400),
        null,
        file,
        row);
  }

  private static Row hostPod(String file, long row, String cluster, String ip, String uid) {
    return RowFactory.create(
        cluster,
        ip,
        "host_pod",
        uid,
        "kube-system",
        "agent-1",
        "DaemonSet",
        "agent",
        "platform",
        "{}",
        "n1",
        "us-east-1a",
        "us-east-1",
        null,
        "tcp/9100",
        HOUR.minusSeconds(86_400),
        null,
        file,
        row);
  }

  private static Row flow(
      long row,
      String cluster,
      Instant start,
      Instant end,
      String local,
      String peer,
      String preNat) {
    return RowFactory.create(
        cluster,
        "n1",
        start,
        end,
        local,
        peer,
        preNat,
        null,
        "tcp",
        443,
        "outbound",
        100L,
        0L,
        1L,
        1L,
        1L,
        "file:/s/flows/cluster=" + cluster + "/x.parquet",
        row);
  }
}
