package dev.netcost.billing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

/** Writes test Parquet files in memory, without Hadoop, with the codec the exports use. */
final class ParquetFixtures {
  private ParquetFixtures() {}

  static byte[] write(MessageType schema, List<Group> rows, CompressionCodecName codec) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    OutputFile file =
        new OutputFile() {
          @Override
          public PositionOutputStream create(long blockSizeHint) {
            return stream();
          }

          @Override
          public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return stream();
          }

          private PositionOutputStream stream() {
            return new PositionOutputStream() {
              @Override
              public long getPos() {
                return buffer.size();
              }

              @Override
              public void write(int b) {
                buffer.write(b);
              }

              @Override
              public void write(byte[] bytes, int offset, int length) {
                buffer.write(bytes, offset, length);
              }
            };
          }

          @Override
          public boolean supportsBlockSize() {
            return false;
          }

          @Override
          public long defaultBlockSize() {
            return 0;
          }
        };
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(file)
            .withConf(new PlainParquetConfiguration())
            .withType(schema)
            .withCodecFactory(ParquetCodecs.INSTANCE)
            .withCompressionCodec(codec)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      for (Group row : rows) {
        writer.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }
}
