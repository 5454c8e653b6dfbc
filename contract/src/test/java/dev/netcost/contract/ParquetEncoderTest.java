package dev.netcost.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot encoder's files read back by two independent readers, value for value: parquet-java
 * (footer, schema, pages) and DuckDB (every row).
 */
class ParquetEncoderTest {
  private static final Instant START = Instant.parse("2026-11-01T07:00:00Z");
  private static final ParquetReadOptions OPTIONS =
      ParquetReadOptions.builder(new PlainParquetConfiguration())
          .withCodecFactory(new ZstdCodecFactory())
          .build();

  private static FlowRecord flow(int i) {
    return new FlowRecord(
        i % 3 == 0 ? "prod" : "staging",
        "node-" + (i % 7),
        START.plusSeconds(60L * (i % 5)),
        START.plusSeconds(60L * (i % 5) + 60),
        "10.0." + (i % 250) + "." + (i % 200),
        i % 11 == 0 ? "2001:db8::" + Integer.toHexString(i) : "192.0.2." + (i % 200),
        i % 4 == 0 ? Optional.of("172.20.0." + (i % 100)) : Optional.empty(),
        i % 9 == 0 ? Optional.empty() : Optional.of("10.99.0." + (i % 10)),
        Protocol.values()[i % Protocol.values().length],
        i % 65_536,
        i % 2 == 0 ? Direction.OUTBOUND : Direction.INBOUND,
        i == 1 ? Long.MAX_VALUE : 1_000_003L * i,
        i == 2 ? 0 : 7L * i,
        i,
        2L * i,
        1 + i % 5);
  }

  @Test
  void flowRowsAcrossThreePagesReadBackValueForValue(@TempDir Path dir) throws Exception {
    int count = 2 * ParquetEncoder.PAGE_VALUES + 1_001;
    List<FlowRecord> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(flow(i));
    }
    byte[] bytes = SnapshotWriter.writeFlows(rows, "test");
    assertThat(SnapshotWriter.writeFlows(rows, "test")).isEqualTo(bytes);
    assertThat(SnapshotVerifier.check(SnapshotFormat.FLOWS, bytes))
        .isEqualTo(new SnapshotVerifier.Verdict(count, Optional.empty()));
    Path file = dir.resolve("flows.parquet");
    Files.write(file, bytes);

    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), OPTIONS)) {
      var footer = reader.getFooter();
      assertThat(footer.getFileMetaData().getSchema()).isEqualTo(SnapshotFormat.FLOWS.schema());
      assertThat(footer.getFileMetaData().getKeyValueMetaData())
          .containsEntry(SnapshotFormat.FORMAT_KEY, "flows")
          .containsEntry(SnapshotFormat.VERSION_KEY, "1")
          .containsEntry(SnapshotFormat.WRITER_KEY, "test");
      assertThat(footer.getBlocks()).hasSize(1);
      assertThat(footer.getBlocks().get(0).getRowCount()).isEqualTo(count);
      footer
          .getBlocks()
          .get(0)
          .getColumns()
          .forEach(chunk -> assertThat(chunk.getCodec()).isEqualTo(CompressionCodecName.ZSTD));
      PageReadStore group = reader.readNextRowGroup();
      for (ColumnDescriptor column : footer.getFileMetaData().getSchema().getColumns()) {
        assertThat(pageValueCounts(group.getPageReader(column)))
            .as(column.toString())
            .containsExactly(ParquetEncoder.PAGE_VALUES, ParquetEncoder.PAGE_VALUES, 1_001);
      }
    }

    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select cluster, node, epoch_us(window_start), epoch_us(window_end), local_ip,"
                    + " peer_ip, peer_pre_nat_ip, snat_ip, protocol, server_port, direction,"
                    + " sent_bytes, received_bytes, sent_packets, received_packets, connections"
                    + " from read_parquet('"
                    + file
                    + "', file_row_number = true) order by file_row_number")) {
      int i = 0;
      while (rs.next()) {
        FlowRecord row = rows.get(i);
        assertThat(rs.getString(1)).isEqualTo(row.cluster());
        assertThat(rs.getString(2)).isEqualTo(row.node());
        assertThat(rs.getLong(3)).isEqualTo(SnapshotWriter.micros(row.windowStart()));
        assertThat(rs.getLong(4)).isEqualTo(SnapshotWriter.micros(row.windowEnd()));
        assertThat(rs.getString(5)).isEqualTo(row.localIp());
        assertThat(rs.getString(6)).isEqualTo(row.peerIp());
        assertThat(Optional.ofNullable(rs.getString(7))).isEqualTo(row.peerPreNatIp());
        assertThat(Optional.ofNullable(rs.getString(8))).isEqualTo(row.snatIp());
        assertThat(rs.getString(9)).isEqualTo(row.protocol().wireName());
        assertThat(rs.getInt(10)).isEqualTo(row.serverPort());
        assertThat(rs.getString(11)).isEqualTo(row.direction().wireName());
        assertThat(rs.getLong(12)).isEqualTo(row.sentBytes());
        assertThat(rs.getLong(13)).isEqualTo(row.receivedBytes());
        assertThat(rs.getLong(14)).isEqualTo(row.sentPackets());
        assertThat(rs.getLong(15)).isEqualTo(row.receivedPackets());
        assertThat(rs.getLong(16)).isEqualTo(row.connections());
        i++;
      }
      assertThat(i).isEqualTo(count);
    }
  }

  private static OwnershipInterval interval(int i, String labelsJson) {
    return new OwnershipInterval(
        "prod",
        "10.1." + (i / 250) + "." + (i % 250),
        i % 2 == 0 ? OwnerKind.POD : OwnerKind.NODE,
        "uid-" + i,
        i % 2 == 0 ? Optional.of("ns-" + (i % 3)) : Optional.empty(),
        i % 2 == 0 ? Optional.of("pod-" + i) : Optional.empty(),
        i % 2 == 0 ? "Deployment" : "Node",
        "workload-" + (i % 5),
        "team-" + (i % 4),
        labelsJson,
        i % 3 == 0 ? Optional.empty() : Optional.of("node-" + (i % 7)),
        Optional.of("eu-west-1" + (char) ('a' + i % 3)),
        Optional.of("eu-west-1"),
        i % 5 == 0 ? Optional.of("i-" + i) : Optional.empty(),
        i % 6 == 0 ? Optional.of("[53,8080]") : Optional.empty(),
        START.plusSeconds(i),
        i % 4 == 0 ? Optional.empty() : Optional.of(START.plusSeconds(3600L + i)));
  }

  @Test
  void pagesCloseAtAMebibyteAndOptionalTimestampsRoundTrip(@TempDir Path dir) throws Exception {
    // 40 rows whose labels_json is 61,440 bytes of UTF-8 (61,444 on the page, with its length):
    // the 18th value passes 1 MiB
    String label = "{\"k\":\"ü" + "x".repeat(61_430) + "\"}";
    assertThat(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(61_440);
    List<OwnershipInterval> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(interval(i, label));
    }
    byte[] bytes = SnapshotWriter.writeMetadata(rows, "test");
    assertThat(SnapshotVerifier.check(SnapshotFormat.METADATA, bytes))
        .isEqualTo(new SnapshotVerifier.Verdict(40, Optional.empty()));
    Path file = dir.resolve("metadata.parquet");
    Files.write(file, bytes);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), OPTIONS)) {
      assertThat(reader.getFooter().getFileMetaData().getSchema())
          .isEqualTo(SnapshotFormat.METADATA.schema());
      PageReadStore group = reader.readNextRowGroup();
      for (ColumnDescriptor column : SnapshotFormat.METADATA.schema().getColumns()) {
        List<Integer> expected =
            column.getPath()[0].equals(MetadataSchema.LABELS_JSON)
                ? List.of(18, 18, 4)
                : List.of(40);
        assertThat(pageValueCounts(group.getPageReader(column)))
            .as(column.toString())
            .isEqualTo(expected);
      }
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select ip, kind, namespace, pod, node, cloud_instance_id, listen_ports,"
                    + " epoch_us(valid_from), epoch_us(valid_to), labels_json"
                    + " from read_parquet('"
                    + file
                    + "', file_row_number = true) order by file_row_number")) {
      int i = 0;
      while (rs.next()) {
        OwnershipInterval row = rows.get(i);
        assertThat(rs.getString(1)).isEqualTo(row.ip());
        assertThat(rs.getString(2)).isEqualTo(row.kind().wireName());
        assertThat(Optional.ofNullable(rs.getString(3))).isEqualTo(row.namespace());
        assertThat(Optional.ofNullable(rs.getString(4))).isEqualTo(row.pod());
        assertThat(Optional.ofNullable(rs.getString(5))).isEqualTo(row.node());
        assertThat(Optional.ofNullable(rs.getString(6))).isEqualTo(row.cloudInstanceId());
        assertThat(Optional.ofNullable(rs.getString(7))).isEqualTo(row.listenPorts());
        assertThat(rs.getLong(8)).isEqualTo(SnapshotWriter.micros(row.validFrom()));
        long validTo = rs.getLong(9);
        assertThat(rs.wasNull() ? Optional.empty() : Optional.of(validTo))
            .isEqualTo(row.validTo().map(SnapshotWriter::micros));
        assertThat(rs.getString(10)).isEqualTo(label);
        i++;
      }
      assertThat(i).isEqualTo(40);
    }
  }

  @Test
  void noRowsIsAFileWithoutRowGroupsThatEveryReaderAccepts(@TempDir Path dir) throws Exception {
    byte[] bytes = SnapshotWriter.writeFlows(List.of(), "test");
    assertThat(SnapshotVerifier.check(SnapshotFormat.FLOWS, bytes))
        .isEqualTo(new SnapshotVerifier.Verdict(0, Optional.empty()));
    Path file = dir.resolve("empty.parquet");
    Files.write(file, bytes);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), OPTIONS)) {
      assertThat(reader.getFooter().getBlocks()).isEmpty();
      assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData())
          .containsEntry(SnapshotFormat.CONTENT_BYTES_KEY, "4");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select count(*), count(peer_ip) from read_parquet('" + file + "')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isZero();
    }
  }

  @Test
  void thriftCompactEncodingOfFieldsListsAndLongDeltas() {
    ParquetEncoder.Bytes out = new ParquetEncoder.Bytes(4);
    ParquetEncoder.CompactWriter thrift = new ParquetEncoder.CompactWriter(out);
    thrift.structBegin();
    thrift.i32(1, -1); // delta 1, type i32 (5), zigzag(-1) = 1
    thrift.i64(3, 300); // delta 2, type i64 (6), zigzag(300) = 600 = 0xD8 0x04
    thrift.bool(4, true); // delta 1, boolean true (1)
    thrift.i32(20, 0); // delta 16 > 15: long form, type then zigzag(20) = 40
    thrift.listField(21, ParquetEncoder.CompactWriter.I32, 16); // 16 elements: 0xF5, then 16
    thrift.structEnd();
    assertThat(out.toArray())
        .containsExactly(
            0x15, 0x01, 0x26, 0xD8, 0x04, 0x11, 0x05, 0x28, 0x00, 0x19, 0xF5, 0x10, 0x00);
  }

  private static List<Integer> pageValueCounts(PageReader pages) {
    List<Integer> counts = new ArrayList<>();
    for (DataPage page = pages.readPage(); page != null; page = pages.readPage()) {
      counts.add(page.getValueCount());
    }
    return counts;
  }
}
