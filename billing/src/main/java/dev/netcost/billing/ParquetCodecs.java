package dev.netcost.billing;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page codecs without Hadoop's codec classes (parquet-hadoop's own factory goes through
 * Hadoop's {@code CompressionCodec}s and their native-library lookups). The codecs billing exports
 * use are covered: uncompressed, SNAPPY (AWS, BigQuery), GZIP and ZSTD.
 */
final class ParquetCodecs implements CompressionCodecFactory {
  static final ParquetCodecs INSTANCE = new ParquetCodecs();

  private ParquetCodecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        byte[] input = bytes.toByteArray();
        return BytesInput.from(
            switch (codec) {
              case UNCOMPRESSED -> input;
              case SNAPPY -> Snappy.compress(input);
              case ZSTD -> Zstd.compress(input, 3);
              case GZIP -> gzip(input);
              default -> throw unsupported(codec);
            });
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        byte[] input = bytes.toByteArray();
        byte[] output =
            switch (codec) {
              case UNCOMPRESSED -> input;
              case SNAPPY -> Snappy.uncompress(input);
              case ZSTD -> Zstd.decompress(input, uncompressedSize);
              case GZIP -> new GZIPInputStream(new ByteArrayInputStream(input)).readAllBytes();
              default -> throw unsupported(codec);
            };
        if (output.length != uncompressedSize) {
          throw new IOException(
              "Parquet page decompressed to "
                  + output.length
                  + " bytes, expected "
                  + uncompressedSize);
        }
        return BytesInput.from(output);
      }

      @Override
      public void decompress(
          ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] compressed = new byte[compressedSize];
        input.get(compressed);
        output.put(decompress(BytesInput.from(compressed), uncompressedSize).toByteArray());
      }

      @Override
      public void release() {}
    };
  }

  private static IllegalArgumentException unsupported(CompressionCodecName codec) {
    return new IllegalArgumentException("Unsupported Parquet codec: " + codec);
  }

  private static byte[] gzip(byte[] input) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
      out.write(input);
    }
    return buffer.toByteArray();
  }

  @Override
  public void release() {}
}
