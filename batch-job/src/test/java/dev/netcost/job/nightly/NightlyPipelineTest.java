package dev.netcost.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.Direction;
import dev.netcost.contract.FlowRecord;
import dev.netcost.contract.ObjectKeys;
import dev.netcost.contract.Protocol;
import dev.netcost.contract.Sentinels;
import dev.netcost.contract.SnapshotFormat;
import dev.netcost.contract.SnapshotWriter;
import dev.netcost.job.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nightly pipeline's steps on literal inputs: snapshot source, split, totals, chargeback. */
class NightlyPipelineTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-01");
  private static final Instant HOUR = Instant.parse("2026-11-01T05:00:00Z");

  @TempDir Path store;

  private final SparkSession spark = SharedSpark.get();

  @Test
  void footerChecksRunInOneJobAndSetAsideBadFilesWithTheReason() throws IOException {
    String good = ObjectKeys.flowSnapshot("c1", "node-a", HOUR, 0);
    String truncated = ObjectKeys.flowSnapshot("c1", "node-b", HOUR, 0);
    String wrongFormat = ObjectKeys.metadataSnapshot("c1", HOUR, 0);
    byte[] flows = SnapshotWriter.writeFlows(List.of(flow(100), flow(200), flow(300)), "test");
    write(good, flows);
    write(truncated, Arrays.copyOf(flows, flows.length / 2));
    write(wrongFormat, flows); // a flow snapshot where a metadata snapshot belongs
    // outside the key layout: quarantined; hidden: not listed at all
    String stray = "flows/cluster=c1/date=2026-11-01/hour=05/stray.parquet";
    write(stray, flows);
    // in the layout's pattern, but the name's window is in hour 07, or is no time at all
    String otherHour =
        "flows/cluster=c1/date=2026-11-01/hour=05/node=node-a/20261101T070000Z-0000.parquet";
    write(otherHour, flows);
    String noTime =
        "flows/cluster=c1/date=2026-11-01/hour=05/node=node-a/20261399T050000Z-0000.parquet";
    write(noTime, flows);
    write("flows/cluster=c1/date=2026-11-01/hour=05/node=node-a/.part.parquet", flows);
    write("flows/cluster=c1/date=2026-11-01/.staging/node=node-a/x.parquet", flows);
    // another date
    write(ObjectKeys.flowSnapshot("c1", "node-a", HOUR.plusSeconds(86_400), 0), flows);

    SnapshotCatalog catalog =
        new SnapshotCatalog(spark.sparkContext().hadoopConfiguration(), store.toUri().toString());
    List<SnapshotCatalog.Found> found = new ArrayList<>(catalog.find(SnapshotFormat.FLOWS, DAY));
    found.addAll(catalog.find(SnapshotFormat.METADATA, DAY));
    assertThat(found)
        .extracting(f -> relative(f.path()))
        .containsExactly(good, otherHour, noTime, truncated, stray, wrongFormat);

    Map<SnapshotFormat, SnapshotCatalog.Listing> checked = SnapshotCatalog.check(spark, found, DAY);

    SnapshotCatalog.Listing flowListing = checked.get(SnapshotFormat.FLOWS);
    assertThat(flowListing.accepted()).extracting(s -> relative(s.path())).containsExactly(good);
    assertThat(flowListing.accepted().get(0).rows()).isEqualTo(3);
    assertThat(flowListing.accepted().get(0).length()).isEqualTo(flows.length);
    assertThat(flowListing.rejected())
        .extracting(f -> relative(f.path()))
        .containsExactly(otherHour, noTime, truncated, stray);
    String layout = "object name does not follow the key layout of flows snapshots";
    assertThat(flowListing.rejected().get(0).reason()).isEqualTo(layout);
    assertThat(flowListing.rejected().get(1).reason()).isEqualTo(layout);
    assertThat(flowListing.rejected().get(2).reason())
        .startsWith("corrupt or truncated Parquet file: ");
    assertThat(flowListing.rejected().get(3).reason()).isEqualTo(layout);
    SnapshotCatalog.Listing metadata = checked.get(SnapshotFormat.METADATA);
    assertThat(metadata.accepted()).isEmpty();
    assertThat(metadata.rejected())
        .extracting(RejectedFile::reason)
        .containsExactly("footer netcost.format is flows, expected metadata");
    // the driver-side listing other steps use agrees
    assertThat(catalog.list(SnapshotFormat.FLOWS, DAY)).isEqualTo(flowListing);
  }

  @Test
  void totalsCountsInternetGroupsChargebackAndTeamSummaryFromOneAggregate() {
    List<Row> rows =
        List.of(
            attributed(
                "t1", "n1", "w1", "internet", "pod", 100, 50, money("0"), money("0.00000001")),
            attributed("t1", "n1", "w1", "internet", "pod", 7, 3, null, null),
            attributed("t1", "n1", "w1", "same_zone", "pod", 1000, 10, money("0.5"), money("0.25")),
            attributed(
                Sentinels.UNASSIGNED_TEAM,
                Sentinels.UNKNOWN,
                Sentinels.UNKNOWN,
                "unknown",
                "unresolved",
                5,
                5,
                null,
                null),
            rejected("file:/s/flows/x.parquet", 7, "sent_bytes", "sent_bytes is negative: -1"));
    Dataset<Row> attributed =
        spark.createDataFrame(rows, Tables.ATTRIBUTED_SCHEMA.asNullable()).repartition(3);

    assertThat(NightlyJob.good(attributed).count()).isEqualTo(4);
    assertThat(NightlyJob.good(attributed).columns())
        .containsExactly(Tables.NETWORK_FLOWS_SCHEMA.fieldNames());
    assertThat(NightlyJob.quarantined(attributed).collectAsList())
        .containsExactly(
            RowFactory.create(
                "row", "file:/s/flows/x.parquet", 7L, "sent_bytes", "sent_bytes is negative: -1"));

    RunTotals totals = RunTotals.of(NightlyJob.groupTotals(attributed).collectAsList(), "USD");

    // placed as the job places them (2 files): each row attributed once, however many actions
    // read the result (the totals, the good rows, the quarantined rows)
    LongAccumulator attributions = spark.sparkContext().longAccumulator("attributions");
    Dataset<Row> counted =
        attributed.map(
            (MapFunction<Row, Row>)
                row -> {
                  attributions.add(1);
                  return row;
                },
            Encoders.row(attributed.schema()));
    Dataset<Row> placed = NightlyJob.place(counted, 2);
    assertThat(placed.rdd().getNumPartitions()).isEqualTo(2);
    assertThat(NightlyJob.groupTotals(placed).collectAsList())
        .containsExactlyInAnyOrderElementsOf(NightlyJob.groupTotals(attributed).collectAsList());
    assertThat(NightlyJob.good(placed).collectAsList())
        .containsExactlyInAnyOrderElementsOf(NightlyJob.good(attributed).collectAsList());
    assertThat(NightlyJob.quarantined(placed).collectAsList())
        .containsExactlyElementsOf(NightlyJob.quarantined(attributed).collectAsList());
    assertThat(attributions.value()).isEqualTo(5);
    assertThat(totals.rowsWritten()).isEqualTo(4);
    assertThat(totals.rowsUnpriced()).isEqualTo(2);
    assertThat(totals.bytesUnpriced()).isEqualTo(7 + 3 + 5 + 5);
    assertThat(totals.rowsUnresolved()).isEqualTo(1);
    assertThat(totals.rowsQuarantined()).isEqualTo(1);
    assertThat(totals.internetGroups())
        .containsExactly(
            new InternetTiers.GroupBytes("us-east-1", "c1", "t1", "n1", "Deployment", "w1", 100));

    List<Row> tier =
        List.of(
            RowFactory.create(
                "c1", "t1", "n1", "Deployment", "w1", "internet", money("1.000000001")));
    List<Row> chargeback = totals.chargeback(tier);
    assertThat(Arrays.asList(RunTotals.CHARGEBACK_SCHEMA.fieldNames()))
        .isEqualTo(Arrays.asList(Tables.CHARGEBACK_DAILY_SCHEMA.fieldNames()));
    Map<String, Map<String, Object>> byGroup = new HashMap<>();
    for (Row row : chargeback) {
      Map<String, Object> values = new HashMap<>();
      for (String name : RunTotals.CHARGEBACK_SCHEMA.fieldNames()) {
        values.put(name, row.get(RunTotals.CHARGEBACK_SCHEMA.fieldIndex(name)));
      }
      byGroup.put(values.get("team") + "/" + values.get("traffic_class"), values);
    }
    assertThat(byGroup).hasSize(3);
    Map<String, Object> internet = byGroup.get("t1/internet");
    assertThat(internet)
        .containsEntry("egress_bytes", 107L)
        .containsEntry("ingress_bytes", 53L)
        .containsEntry("unpriced_bytes", 10L)
        .containsEntry("egress_cost", money("1.000000001"))
        .containsEntry("ingress_cost", money("0.00000001"))
        .containsEntry("cost", money("1.000000011"))
        .containsEntry("currency", "USD");
    assertThat(byGroup.get("t1/same_zone"))
        .containsEntry("egress_bytes", 1000L)
        .containsEntry("unpriced_bytes", 0L)
        .containsEntry("egress_cost", money("0.5"))
        .containsEntry("ingress_cost", money("0.25"))
        .containsEntry("cost", money("0.75"));
    assertThat(byGroup.get(Sentinels.UNASSIGNED_TEAM + "/unknown"))
        .containsEntry("egress_bytes", 5L)
        .containsEntry("unpriced_bytes", 10L)
        .containsEntry("egress_cost", null)
        .containsEntry("cost", null)
        .containsEntry("currency", "USD");
    // the rows fit the schema chargeback_daily is written with
    assertThat(spark.createDataFrame(chargeback, RunTotals.CHARGEBACK_SCHEMA).count()).isEqualTo(3);

    assertThat(RunTotals.teamSummary(chargeback))
        .containsExactly(
            RowFactory.create(Sentinels.UNASSIGNED_TEAM, "unknown", 5L, 5L, 10L, null),
            RowFactory.create("t1", "internet", 107L, 53L, 10L, money("1.000000011")),
            RowFactory.create("t1", "same_zone", 1000L, 10L, 0L, money("0.75")));
  }

  private static BigDecimal money(String value) {
    return new BigDecimal(value).setScale(9);
  }

  private static Row attributed(
      String team,
      String namespace,
      String workload,
      String trafficClass,
      String localKind,
      long sent,
      long received,
      BigDecimal egressCost,
      BigDecimal ingressCost) {
    Map<String, Object> values = new HashMap<>();
    values.put("window_start", HOUR);
    values.put("window_end", HOUR.plusSeconds(3600));
    values.put("cluster", "c1");
    values.put("node", "node-a");
    values.put("local_ip", "10.0.0.1");
    values.put("peer_ip", "11.0.0.1");
    values.put("protocol", "tcp");
    values.put("server_port", 443);
    values.put("direction", "outbound");
    values.put("local_kind", localKind);
    values.put("namespace", namespace);
    values.put("workload_kind", localKind.equals("unresolved") ? "Unknown" : "Deployment");
    values.put("workload", workload);
    values.put("team", team);
    values.put("region", localKind.equals("unresolved") ? null : "us-east-1");
    values.put("peer_kind", "external");
    values.put("traffic_class", trafficClass);
    values.put("sent_bytes", sent);
    values.put("received_bytes", received);
    values.put("sent_packets", 1L);
    values.put("received_packets", 1L);
    values.put("connections", 1L);
    values.put("egress_cost", egressCost);
    values.put("ingress_cost", ingressCost);
    values.put("cost", egressCost == null ? null : egressCost.add(ingressCost));
    values.put("currency", "USD");
    values.put("split", false);
    values.put("source_file", "file:/s/flows/a.parquet");
    values.put("source_row", 0L);
    return row(values);
  }

  private static Row rejected(String file, long row, String field, String problem) {
    Map<String, Object> values = new HashMap<>();
    values.put("source_file", file);
    values.put("source_row", row);
    values.put("problem_field", field);
    values.put("problem", problem);
    return row(values);
  }

  private static Row row(Map<String, Object> values) {
    String[] names = Tables.ATTRIBUTED_SCHEMA.fieldNames();
    Object[] row = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      row[i] = values.get(names[i]);
    }
    return RowFactory.create(row);
  }

  private static FlowRecord flow(long sent) {
    return new FlowRecord(
        "c1",
        "node-a",
        HOUR,
        HOUR.plusSeconds(3600),
        "10.0.0.1",
        "11.0.0.1",
        Optional.empty(),
        Optional.empty(),
        Protocol.TCP,
        443,
        Direction.OUTBOUND,
        sent,
        1,
        1,
        1,
        1);
  }

  private void write(String key, byte[] data) throws IOException {
    Path file = store.resolve(key);
    Files.createDirectories(file.getParent());
    Files.write(file, data);
  }

  private String relative(String path) {
    String root = store.toUri().getPath();
    String at = java.net.URI.create(path).getPath();
    return at.substring(root.length() + (root.endsWith("/") ? 0 : 1));
  }
}
