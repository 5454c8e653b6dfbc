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
