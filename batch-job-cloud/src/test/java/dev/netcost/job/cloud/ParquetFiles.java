package dev.netcost.job.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Compares Parquet files written by different JVMs. parquet-java lists each column chunk's
 * encodings in the footer in the iteration order of a {@code HashSet<Encoding>}, which follows the
 * enum constants' identity hash codes: that order changes from one JVM to the next. Everything else
 * is deterministic, so two files have the same content when every byte before the footer (all
 * pages) is identical and the footers are equal with encodings compared as sets.
 */
final class ParquetFiles {
  private ParquetFiles() {}

  static void assertSameContent(
      String name, Path expected, byte[] expectedBytes, Path actual, byte[] actualBytes)
      throws IOException {
    assertThat(actualBytes.length).as("%s: size", name).isEqualTo(expectedBytes.length);
    int pages = footerStart(expectedBytes);
    assertThat(footerStart(actualBytes)).as("%s: footer offset", name).isEqualTo(pages);
    assertThat(ByteBuffer.wrap(actualBytes, 0, pages))
        .as("%s: the %d bytes of pages before the footer", name, pages)
        .isEqualTo(ByteBuffer.wrap(expectedBytes, 0, pages));

    ParquetMetadata want = footer(expected);
    ParquetMetadata got = footer(actual);
    assertThat(got.getFileMetaData().getSchema()).isEqualTo(want.getFileMetaData().getSchema());
    assertThat(got.getFileMetaData().getKeyValueMetaData())
        .isEqualTo(want.getFileMetaData().getKeyValueMetaData());
    assertThat(got.getFileMetaData().getCreatedBy())
        .isEqualTo(want.getFileMetaData().getCreatedBy());
    List<BlockMetaData> wantBlocks = want.getBlocks();
    List<BlockMetaData> gotBlocks = got.getBlocks();
    assertThat(gotBlocks).as("%s: row groups", name).hasSameSizeAs(wantBlocks);
    for (int b = 0; b < wantBlocks.size(); b++) {
      BlockMetaData w = wantBlocks.get(b);
      BlockMetaData g = gotBlocks.get(b);
      assertThat(g.getRowCount()).isEqualTo(w.getRowCount());
      assertThat(g.getTotalByteSize()).isEqualTo(w.getTotalByteSize());
      assertThat(g.getColumns()).hasSameSizeAs(w.getColumns());
      for (int c = 0; c < w.getColumns().size(); c++) {
        ColumnChunkMetaData wc = w.getColumns().get(c);
        ColumnChunkMetaData gc = g.getColumns().get(c);
        String column = name + " row group " + b + " column " + wc.getPath();
        assertThat(gc.getPath()).as(column).isEqualTo(wc.getPath());
        assertThat(gc.getCodec()).as(column).isEqualTo(wc.getCodec());
        assertThat(gc.getPrimitiveType()).as(column).isEqualTo(wc.getPrimitiveType());
        assertThat(gc.getEncodings())
            .as(column + " encodings (a set)")
            .isEqualTo(wc.getEncodings());
        for (Encoding encoding : Encoding.values()) {
          assertThat(gc.getEncodingStats().getNumDictionaryPagesEncodedAs(encoding))
              .as(column + " dictionary pages " + encoding)
              .isEqualTo(wc.getEncodingStats().getNumDictionaryPagesEncodedAs(encoding));
          assertThat(gc.getEncodingStats().getNumDataPagesEncodedAs(encoding))
              .as(column + " data pages " + encoding)
              .isEqualTo(wc.getEncodingStats().getNumDataPagesEncodedAs(encoding));
        }
        assertThat(gc.getEncodingStats().usesV2Pages())
            .as(column)
            .isEqualTo(wc.getEncodingStats().usesV2Pages());
        assertThat(gc.getStatistics().getNumNulls())
            .as(column)
            .isEqualTo(wc.getStatistics().getNumNulls());
        assertThat(gc.getStatistics().getMinBytes())
            .as(column)
            .isEqualTo(wc.getStatistics().getMinBytes());
        assertThat(gc.getStatistics().getMaxBytes())
            .as(column)
            .isEqualTo(wc.getStatistics().getMaxBytes());
        assertThat(gc.getValueCount()).as(column).isEqualTo(wc.getValueCount());
        assertThat(gc.getFirstDataPageOffset()).as(column).isEqualTo(wc.getFirstDataPageOffset());
        assertThat(gc.getDictionaryPageOffset()).as(column).isEqualTo(wc.getDictionaryPageOffset());
        assertThat(gc.getTotalSize()).as(column).isEqualTo(wc.getTotalSize());
        assertThat(gc.getTotalUncompressedSize())
            .as(column)
            .isEqualTo(wc.getTotalUncompressedSize());
      }
    }
  }

  /** Offset of the footer: the file ends with its length (4 bytes, little-endian) and PAR1. */
  static int footerStart(byte[] file) {
    assertThat(new String(file, file.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("PAR1");
    int length = ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return file.length - 8 - length;
  }

  private static ParquetMetadata footer(Path file) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration(false)))) {
      return reader.getFooter();
    }
  }
}
