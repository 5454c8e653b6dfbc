package dev.netcost.job.nightly;

import dev.netcost.contract.SnapshotFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes flow and metadata snapshots that break the contract's row rules (which the contract's own
 * writer refuses to produce), to test how the job treats a broken writer's output.
 */
final class RawSnapshots {
  private RawSnapshots() {}

  static void writeFlows(Path file, List<Object[]> rows) throws IOException {
    write(SnapshotFormat.FLOWS, file, rows);
  }

  static void writeMetadata(Path file, List<Object[]> rows) throws IOException {
    write(SnapshotFormat.METADATA, file, rows);
  }

  private static void write(SnapshotFormat format, Path file, List<Object[]> rows)
      throws IOException {
    Files.createDirectories(file.getParent());
    MessageType schema = format.schema();
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(
                HadoopOutputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
            .withType(schema)
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            .withExtraMetaData(format.footer("raw-test-writer"))
            .build()) {
      for (Object[] values : rows) {
        Group group = groups.newGroup();
        for (int i = 0; i < values.length; i++) {
          String field = schema.getFieldName(i);
          Object value = values[i];
          if (value == null) {
            continue;
          }
          if (value instanceof Instant instant) {
            group.append(field, ChronoUnit.MICROS.between(Instant.EPOCH, instant));
          } else if (value instanceof Long number) {
            group.append(field, number);
          } else if (value instanceof Integer number) {
            group.append(field, number);
          } else {
            group.append(field, value.toString());
          }
        }
        writer.write(group);
      }
    }
  }
}
