package dev.netcost.contract;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD for reading snapshot pages without Hadoop (parquet-hadoop's own codec factory instantiates
 * Hadoop codecs): {@link SnapshotVerifier} decodes every page with it. Snapshots are written by
 * {@link ParquetEncoder}, not through this factory.
 */
final class ZstdCodecFactory implements CompressionCodecFactory {

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
    throw new UnsupportedOperationException("snapshots are written by ParquetEncoder");
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
