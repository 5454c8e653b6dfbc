package dev.netcost.contract;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.apache.parquet.schema.MessageType;

/**
 * The versioned, self-describing snapshot formats. Every snapshot is a Parquet file (ZSTD
 * compressed) whose footer carries {@link #FORMAT_KEY} and {@link #VERSION_KEY}; a reader must
 * refuse a file whose format or version it does not know rather than guess at its columns.
 */
public enum SnapshotFormat {
  FLOWS("flows", 1, FlowSchema.V1),
  METADATA("metadata", 1, MetadataSchema.V1);

  /** Footer key naming the format ("flows" or "metadata"). */
  public static final String FORMAT_KEY = "netcost.format";

  /** Footer key holding the format version as a decimal integer. */
  public static final String VERSION_KEY = "netcost.format.version";

  /** Footer key naming the program that wrote the snapshot (collector, generator, test). */
  public static final String WRITER_KEY = "netcost.writer";

  /**
   * Footer key: SHA-256 (lower-case hex) of the file's first {@link #CONTENT_BYTES_KEY} bytes — the
   * magic and every row group, i.e. all data and dictionary pages. Optional in version 1: files
   * written before it existed have neither key and are read without the digest check.
   */
  public static final String CONTENT_SHA256_KEY = "netcost.content.sha256";

  /** Footer key: how many leading bytes {@link #CONTENT_SHA256_KEY} covers (decimal). */
  public static final String CONTENT_BYTES_KEY = "netcost.content.bytes";

  /** SHA-256 of {@code bytes[0, length)} as lower-case hex. */
  public static String sha256(byte[] bytes, int length) {
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      digest.update(bytes, 0, length);
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private final String formatName;
  private final int currentVersion;
  private final MessageType schema;

  SnapshotFormat(String formatName, int currentVersion, MessageType schema) {
    this.formatName = requireNonNull(formatName, "formatName is null");
    this.currentVersion = currentVersion;
    this.schema = requireNonNull(schema, "schema is null");
  }

  public String formatName() {
    return formatName;
  }

  public int currentVersion() {
    return currentVersion;
  }

  /** The Parquet schema of {@link #currentVersion()}. */
  public MessageType schema() {
    return schema;
  }

  /** Footer metadata a writer of this format must set. */
  public Map<String, String> footer(String writer) {
    return Map.of(
        FORMAT_KEY,
        formatName,
        VERSION_KEY,
        Integer.toString(currentVersion),
        WRITER_KEY,
        requireNonNull(writer, "writer is null"));
  }

  public static Optional<SnapshotFormat> fromName(String name) {
    for (SnapshotFormat format : values()) {
      if (format.formatName.equals(name)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
