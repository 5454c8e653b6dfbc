package dev.netcost.contract;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Encodes snapshots in the contract's format: Parquet, ZSTD pages with a CRC-32 each, footer
 * metadata naming the format and version and a digest of the content ({@link ParquetEncoder} says
 * exactly what is written). The output is a function of the rows and their order only (no
 * timestamps, no random ids, the footer's metadata sorted by key), so writing the same rows twice,
 * in this JVM or another, gives byte-identical snapshots, which is what lets a retried upload, or a
 * window republished after a restart, be recognised as the same object.
 */
public final class SnapshotWriter {
  private static final List<ParquetEncoder.Column<FlowRecord>> FLOW_COLUMNS =
      List.of(
          ParquetEncoder.Column.string(FlowSchema.CLUSTER, FlowRecord::cluster),
          ParquetEncoder.Column.string(FlowSchema.NODE, FlowRecord::node),
          ParquetEncoder.Column.timestamp(FlowSchema.WINDOW_START, FlowRecord::windowStart),
          ParquetEncoder.Column.timestamp(FlowSchema.WINDOW_END, FlowRecord::windowEnd),
          ParquetEncoder.Column.string(FlowSchema.LOCAL_IP, FlowRecord::localIp),
          ParquetEncoder.Column.string(FlowSchema.PEER_IP, FlowRecord::peerIp),
          ParquetEncoder.Column.optionalString(
              FlowSchema.PEER_PRE_NAT_IP, FlowRecord::peerPreNatIp),
          ParquetEncoder.Column.optionalString(FlowSchema.SNAT_IP, FlowRecord::snatIp),
          ParquetEncoder.Column.string(FlowSchema.PROTOCOL, row -> row.protocol().wireName()),
          ParquetEncoder.Column.int32(FlowSchema.SERVER_PORT, FlowRecord::serverPort),
          ParquetEncoder.Column.string(FlowSchema.DIRECTION, row -> row.direction().wireName()),
          ParquetEncoder.Column.int64(FlowSchema.SENT_BYTES, FlowRecord::sentBytes),
          ParquetEncoder.Column.int64(FlowSchema.RECEIVED_BYTES, FlowRecord::receivedBytes),
          ParquetEncoder.Column.int64(FlowSchema.SENT_PACKETS, FlowRecord::sentPackets),
          ParquetEncoder.Column.int64(FlowSchema.RECEIVED_PACKETS, FlowRecord::receivedPackets),
          ParquetEncoder.Column.int64(FlowSchema.CONNECTIONS, FlowRecord::connections));

  private static final List<ParquetEncoder.Column<OwnershipInterval>> METADATA_COLUMNS =
      List.of(
          ParquetEncoder.Column.string(MetadataSchema.CLUSTER, OwnershipInterval::cluster),
          ParquetEncoder.Column.string(MetadataSchema.IP, OwnershipInterval::ip),
          ParquetEncoder.Column.string(MetadataSchema.KIND, row -> row.kind().wireName()),
          ParquetEncoder.Column.string(MetadataSchema.OWNER_UID, OwnershipInterval::ownerUid),
          ParquetEncoder.Column.optionalString(
              MetadataSchema.NAMESPACE, OwnershipInterval::namespace),
          ParquetEncoder.Column.optionalString(MetadataSchema.POD, OwnershipInterval::pod),
          ParquetEncoder.Column.string(
              MetadataSchema.WORKLOAD_KIND, OwnershipInterval::workloadKind),
          ParquetEncoder.Column.string(MetadataSchema.WORKLOAD, OwnershipInterval::workload),
          ParquetEncoder.Column.string(MetadataSchema.TEAM, OwnershipInterval::team),
          ParquetEncoder.Column.string(MetadataSchema.LABELS_JSON, OwnershipInterval::labelsJson),
          ParquetEncoder.Column.optionalString(MetadataSchema.NODE, OwnershipInterval::node),
          ParquetEncoder.Column.optionalString(MetadataSchema.ZONE, OwnershipInterval::zone),
          ParquetEncoder.Column.optionalString(MetadataSchema.REGION, OwnershipInterval::region),
          ParquetEncoder.Column.optionalString(
              MetadataSchema.CLOUD_INSTANCE_ID, OwnershipInterval::cloudInstanceId),
          ParquetEncoder.Column.optionalString(
              MetadataSchema.LISTEN_PORTS, OwnershipInterval::listenPorts),
          ParquetEncoder.Column.timestamp(MetadataSchema.VALID_FROM, OwnershipInterval::validFrom),
          ParquetEncoder.Column.optionalTimestamp(
              MetadataSchema.VALID_TO, OwnershipInterval::validTo));

  private SnapshotWriter() {}

  /** Encodes flow rows in the order given. */
  public static byte[] writeFlows(List<FlowRecord> rows, String writer) {
    return write(SnapshotFormat.FLOWS, FLOW_COLUMNS, rows, writer);
  }

  /** Encodes ownership intervals in the order given. */
  public static byte[] writeMetadata(List<OwnershipInterval> rows, String writer) {
    return write(SnapshotFormat.METADATA, METADATA_COLUMNS, rows, writer);
  }

  /** Microseconds since the epoch, the unit of every timestamp column. */
  public static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static <T> byte[] write(
      SnapshotFormat format, List<ParquetEncoder.Column<T>> columns, List<T> rows, String writer) {
    requireNonNull(rows, "rows is null");
    return ParquetEncoder.encode(format.schema().getName(), columns, rows, format.footer(writer));
  }
}
