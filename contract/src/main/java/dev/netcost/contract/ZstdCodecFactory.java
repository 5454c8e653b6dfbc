package dev.netcost.contract;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD for Parquet pages without Hadoop: parquet-hadoop's own codec factory instantiates Hadoop
 * codecs, which the collector must not carry. Pages written here are plain ZSTD frames, which every
 * Parquet reader (Spark, DuckDB, Athena, BigQuery) decodes.
 */
final class ZstdCodecFactory implements CompressionCodecFactory {
  private static final int LEVEL = 3;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
    if (codecName != CompressionCodecName.ZSTD) {
      throw new IllegalArgumentException("Unsupported snapshot codec: " + codecName);
    }
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        return BytesInput.from(Zstd.compress(bytes.toByteArray(), LEVEL));
      }

      @Override
      public CompressionCodecName getCodecName() {
        return CompressionCodecName.ZSTD;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
    if (codecName != CompressionCodecName.ZSTD && codecName != CompressionCodecName.UNCOMPRESSED) {
      throw new IllegalArgumentException(
          "pages are compressed with " + codecName + "; snapshots are ZSTD (or uncompressed)");
    }
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        if (codecName == CompressionCodecName.UNCOMPRESSED) {
          return bytes;
        }
        return BytesInput.from(Zstd.decompress(bytes.toByteArray(), uncompressedSize));
      }

      @Override
      public void decompress(
          ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
        throw new UnsupportedOperationException("snapshots are decoded by Spark or DuckDB");
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}
}
