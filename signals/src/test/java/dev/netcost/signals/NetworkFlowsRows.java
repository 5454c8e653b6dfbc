package dev.netcost.signals;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Literal network_flows rows with every column of the brief, written as the nightly job does. */
final class NetworkFlowsRows {
  private static final DataType MONEY = DataTypes.createDecimalType(38, 9);

  static final StructType SCHEMA =
      new StructType()
          .add("window_start", DataTypes.TimestampType)
          .add("window_end", DataTypes.TimestampType)
          .add("cluster", DataTypes.StringType)
          .add("node", DataTypes.StringType)
          .add("local_ip", DataTypes.StringType)
          .add("peer_ip", DataTypes.StringType)
          .add("peer_pre_nat_ip", DataTypes.StringType)
          .add("snat_ip", DataTypes.StringType)
          .add("protocol", DataTypes.StringType)
          .add("server_port", DataTypes.IntegerType)
          .add("direction", DataTypes.StringType)
          .add("local_kind", DataTypes.StringType)
          .add("namespace", DataTypes.StringType)
          .add("pod", DataTypes.StringType)
          .add("workload_kind", DataTypes.StringType)
          .add("workload", DataTypes.StringType)
          .add("team", DataTypes.StringType)
          .add("zone", DataTypes.StringType)
          .add("region", DataTypes.StringType)
          .add("peer_kind", DataTypes.StringType)
          .add("peer_namespace", DataTypes.StringType)
          .add("peer_pod", DataTypes.StringType)
          .add("peer_workload_kind", DataTypes.StringType)
          .add("peer_workload", DataTypes.StringType)
          .add("peer_team", DataTypes.StringType)
          .add("peer_zone", DataTypes.StringType)
          .add("peer_region", DataTypes.StringType)
          .add("peer_service", DataTypes.StringType)
          .add("traffic_class", DataTypes.StringType)
          .add("sent_bytes", DataTypes.LongType)
          .add("received_bytes", DataTypes.LongType)
          .add("sent_packets", DataTypes.LongType)
          .add("received_packets", DataTypes.LongType)
          .add("connections", DataTypes.LongType)
          .add("egress_usd_per_gib", MONEY)
          .add("ingress_usd_per_gib", MONEY)
          .add("egress_cost", MONEY)
          .add("ingress_cost", MONEY)
          .add("cost", MONEY)
          .add("currency", DataTypes.StringType)
          .add("price_sheet_version", DataTypes.StringType);

  private final List<Row> rows = new ArrayList<>();

  /** A local pod of {@code namespace/workload} (a Deployment) on node-a. */
  record Pod(String namespace, String workload, String pod, String ip, String team) {}

  NetworkFlowsRows internet(
      Pod pod,
      Instant windowStart,
      String peerIp,
      int port,
      String direction,
      long sent,
      long received) {
    BigDecimal rate = new BigDecimal("0.090000000");
    BigDecimal egressCost =
        rate.multiply(BigDecimal.valueOf(sent))
            .divide(BigDecimal.valueOf(1L << 30), 9, java.math.RoundingMode.HALF_EVEN);
    rows.add(
        RowFactory.create(
            Timestamp.from(windowStart),
            Timestamp.from(windowStart.plusSeconds(3600)),
            "prod",
            "node-a",
            pod.ip(),
            peerIp,
            null,
            "10.0.0.1",
            "tcp",
            port,
            direction,
            "pod",
            pod.namespace(),
            pod.pod(),
            "Deployment",
            pod.workload(),
            pod.team(),
            "us-east-1a",
            "us-east-1",
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
            sent,
            received,
            sent / 1400 + 1,
            received / 1400 + 1,
            2L,
            rate,
            BigDecimal.ZERO.setScale(9),
            egressCost,
            BigDecimal.ZERO.setScale(9),
            egressCost,
            "USD",
            "aws-2026-11"));
    return this;
  }

  NetworkFlowsRows sameZone(
      Pod pod, Pod peer, Instant windowStart, int port, long sent, long received) {
    rows.add(
        RowFactory.create(
            Timestamp.from(windowStart),
            Timestamp.from(windowStart.plusSeconds(3600)),
            "prod",
            "node-a",
            pod.ip(),
            peer.ip(),
            null,
            null,
            "tcp",
            port,
            "outbound",
            "pod",
            pod.namespace(),
            pod.pod(),
            "Deployment",
            pod.workload(),
            pod.team(),
            "us-east-1a",
            "us-east-1",
            "pod",
            peer.namespace(),
            peer.pod(),
            "Deployment",
            peer.workload(),
            peer.team(),
            "us-east-1a",
            "us-east-1",
            null,
            "same_zone",
            sent,
            received,
            sent / 1400 + 1,
            received / 1400 + 1,
            1L,
            BigDecimal.ZERO.setScale(9),
            BigDecimal.ZERO.setScale(9),
            BigDecimal.ZERO.setScale(9),
            BigDecimal.ZERO.setScale(9),
            BigDecimal.ZERO.setScale(9),
            "USD",
            "aws-2026-11"));
    return this;
  }

  int size() {
    return rows.size();
  }

  void write(SparkSession spark, java.nio.file.Path store, LocalDate date) {
    spark
        .createDataFrame(rows, SCHEMA)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(store.resolve("tables/network_flows/date=" + date).toString());
  }

  static Instant at(LocalDate date, int hour) {
    return date.atTime(hour, 0).toInstant(ZoneOffset.UTC);
  }
}
