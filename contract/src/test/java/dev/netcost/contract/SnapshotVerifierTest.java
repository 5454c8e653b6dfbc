package dev.netcost.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotVerifierTest {
  private static final org.apache.parquet.ParquetReadOptions OPTIONS =
      org.apache.parquet.ParquetReadOptions.builder(
              new org.apache.parquet.conf.PlainParquetConfiguration())
          .build();
  private static final Instant START = Instant.parse("2026-11-01T07:00:00Z");

  private static List<FlowRecord> rows(int count) {
    List<FlowRecord> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          new FlowRecord(
              "prod",
              "node-a",
              START,
              START.plusSeconds(3600),
              "10.0.1." + (i % 250),
              "192.0.2." + (i % 200),
              Optional.empty(),
              Optional.empty(),
              Protocol.TCP,
              443,
              Direction.OUTBOUND,
              1_000L + i * 7919L,
              500L + i,
              10 + i,
              5 + i,
              1));
    }
    return rows;
  }

  @Test
  void aWrittenSnapshotCarriesPageCrcsAndADigestOfItsContentAndPasses(@TempDir Path dir)
      throws Exception {
    byte[] bytes = SnapshotWriter.writeFlows(rows(500), "test");
    assertThat(SnapshotVerifier.verify(SnapshotFormat.FLOWS, bytes)).isEmpty();
    Path file = dir.resolve("f.parquet");
    Files.write(file, bytes);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), OPTIONS)) {
      Map<String, String> footer = reader.getFooter().getFileMetaData().getKeyValueMetaData();
      int covered = Integer.parseInt(footer.get("netcost.content.bytes"));
      // the digest covers the magic and the row group, up to where the page indexes start
      long rowGroupEnd = 0;
      for (ColumnChunkMetaData column : reader.getFooter().getBlocks().get(0).getColumns()) {
        rowGroupEnd = Math.max(rowGroupEnd, column.getStartingPos() + column.getTotalSize());
      }
      assertThat(covered).isEqualTo(rowGroupEnd);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(bytes, 0, covered);
      assertThat(footer.get("netcost.content.sha256"))
          .isEqualTo(HexFormat.of().formatHex(sha.digest()));
    }
  }

  @Test
  void sixteenBytesOverwrittenInsideAPageFailTheCrc() throws Exception {
    byte[] bytes = SnapshotWriter.writeFlows(rows(500), "test");
    ColumnChunkMetaData sent = column(bytes, "sent_bytes");
    byte[] damaged = bytes.clone();
    long end = sent.getStartingPos() + sent.getTotalSize();
    for (long i = end - 20; i < end - 4; i++) {
      damaged[(int) i] = (byte) 0x7f;
    }
    assertThat(SnapshotVerifier.verify(SnapshotFormat.FLOWS, damaged))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith("cannot decode row 0 of column sent_bytes: ")
                    .containsIgnoringCase("CRC checksum verification failed"));
  }

  @Test
  void damageOutsideEveryPageIsCaughtByTheDigest() {
    byte[] bytes = SnapshotWriter.writeFlows(rows(50), "test");
    byte[] damaged = bytes.clone();
    damaged[1] = 'X'; // the leading magic: no page covers it, the digest does
    assertThat(SnapshotVerifier.verify(SnapshotFormat.FLOWS, damaged))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("content SHA-256 mismatch: "));
  }

  @Test
  void aVersionOneFileWithoutDigestIsStillReadAndSchemaSurprisesAreNamed(@TempDir Path dir)
      throws Exception {
    // the contract's schema, written by plain parquet-java without the digest keys
    byte[] plain = write(dir, "plain.parquet", SnapshotFormat.FLOWS.schema());
    assertThat(SnapshotVerifier.verify(SnapshotFormat.FLOWS, plain)).isEmpty();

    String contract = SnapshotFormat.FLOWS.schema().toString();
    MessageType unannotated =
        MessageTypeParser.parseMessageType(
            contract.replace(
                "required int64 window_start (TIMESTAMP(MICROS,true))",
                "required int64 window_start"));
    assertThat(unannotated.toString()).isNotEqualTo(contract);
    assertThat(SnapshotVerifier.verify(SnapshotFormat.FLOWS, write(dir, "u.parquet", unannotated)))
        .contains(
            "column window_start is INT64 without annotation, expected INT64"
                + " TIMESTAMP(MICROS,true)");

    MessageType grouped =
        MessageTypeParser.parseMessageType(
            contract.replace(
                "required int64 sent_bytes;",
                "required group sent_bytes { required int64 value; }"));
    assertThat(grouped.toString()).isNotEqualTo(contract);
    assertThat(SnapshotVerifier.verify(SnapshotFormat.FLOWS, write(dir, "g.parquet", grouped)))
        .contains("column sent_bytes is a group, expected INT64");

    assertThat(SnapshotVerifier.verify(SnapshotFormat.FLOWS, new byte[] {1, 2, 3}))
        .contains("corrupt or truncated Parquet file: 3 bytes");
  }

  /** One row of zeros and empty strings in {@code schema}, with the flows v1 footer keys. */
  private static byte[] write(Path dir, String name, MessageType schema) throws Exception {
    Path file = dir.resolve(name);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withConf(new org.apache.parquet.conf.PlainParquetConfiguration())
            .withType(schema)
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            .withExtraMetaData(SnapshotFormat.FLOWS.footer("test"))
            .build()) {
      Group group = new SimpleGroupFactory(schema).newGroup();
      for (var field : schema.getFields()) {
        if (!field.isPrimitive()) {
          group.addGroup(field.getName()).append("value", 1L);
        } else if (field.isRepetition(org.apache.parquet.schema.Type.Repetition.REQUIRED)) {
          switch (field.asPrimitiveType().getPrimitiveTypeName()) {
            case INT64 -> group.append(field.getName(), 1L);
            case INT32 -> group.append(field.getName(), 1);
            default -> group.append(field.getName(), "x");
          }
        }
      }
      writer.write(group);
    }
    return Files.readAllBytes(file);
  }

  private static ColumnChunkMetaData column(byte[] bytes, String name) throws Exception {
    Path file = Files.createTempFile("snapshot", ".parquet");
    try {
      Files.write(file, bytes);
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), OPTIONS)) {
        for (ColumnChunkMetaData column : reader.getFooter().getBlocks().get(0).getColumns()) {
          if (column.getPath().toDotString().equals(name)) {
            return column;
          }
        }
      }
    } finally {
      Files.delete(file);
    }
    throw new AssertionError("no column " + name);
  }
}
