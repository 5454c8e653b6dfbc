package dev.netcost.contract;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Encodes snapshots in the contract's format: Parquet, ZSTD pages, footer metadata naming the
 * format and version. The output is a function of the rows and their order only (no timestamps, no
 * random ids, the footer's lists in a fixed order), so writing the same rows twice, in this JVM or
 * another, gives byte-identical snapshots, which is what lets a retried upload, or a window
 * republished after a restart, be recognised as the same object.
 */
public final class SnapshotWriter {
  private SnapshotWriter() {}

  /** Encodes flow rows in the order given. */
  public static byte[] writeFlows(List<FlowRecord> rows, String writer) {
    SnapshotFormat format = SnapshotFormat.FLOWS;
    SimpleGroupFactory groups = new SimpleGroupFactory(format.schema());
    return write(
        format,
        writer,
        rows,
        row -> {
          Group group = groups.newGroup();
          group.append(FlowSchema.CLUSTER, row.cluster());
          group.append(FlowSchema.NODE, row.node());
          group.append(FlowSchema.WINDOW_START, micros(row.windowStart()));
          group.append(FlowSchema.WINDOW_END, micros(row.windowEnd()));
          group.append(FlowSchema.LOCAL_IP, row.localIp());
          group.append(FlowSchema.PEER_IP, row.peerIp());
          appendOptional(group, FlowSchema.PEER_PRE_NAT_IP, row.peerPreNatIp());
          appendOptional(group, FlowSchema.SNAT_IP, row.snatIp());
          group.append(FlowSchema.PROTOCOL, row.protocol().wireName());
          group.append(FlowSchema.SERVER_PORT, row.serverPort());
          group.append(FlowSchema.DIRECTION, row.direction().wireName());
          group.append(FlowSchema.SENT_BYTES, row.sentBytes());
          group.append(FlowSchema.RECEIVED_BYTES, row.receivedBytes());
          group.append(FlowSchema.SENT_PACKETS, row.sentPackets());
          group.append(FlowSchema.RECEIVED_PACKETS, row.receivedPackets());
          group.append(FlowSchema.CONNECTIONS, row.connections());
          return group;
        });
  }

  /** Encodes ownership intervals in the order given. */
  public static byte[] writeMetadata(List<OwnershipInterval> rows, String writer) {
    SnapshotFormat format = SnapshotFormat.METADATA;
    SimpleGroupFactory groups = new SimpleGroupFactory(format.schema());
    return write(
        format,
        writer,
        rows,
        row -> {
          Group group = groups.newGroup();
          group.append(MetadataSchema.CLUSTER, row.cluster());
          group.append(MetadataSchema.IP, row.ip());
          group.append(MetadataSchema.KIND, row.kind().wireName());
          group.append(MetadataSchema.OWNER_UID, row.ownerUid());
          appendOptional(group, MetadataSchema.NAMESPACE, row.namespace());
          appendOptional(group, MetadataSchema.POD, row.pod());
          group.append(MetadataSchema.WORKLOAD_KIND, row.workloadKind());
          group.append(MetadataSchema.WORKLOAD, row.workload());
          group.append(MetadataSchema.TEAM, row.team());
          group.append(MetadataSchema.LABELS_JSON, row.labelsJson());
          appendOptional(group, MetadataSchema.NODE, row.node());
          appendOptional(group, MetadataSchema.ZONE, row.zone());
          appendOptional(group, MetadataSchema.REGION, row.region());
          appendOptional(group, MetadataSchema.CLOUD_INSTANCE_ID, row.cloudInstanceId());
          appendOptional(group, MetadataSchema.LISTEN_PORTS, row.listenPorts());
          group.append(MetadataSchema.VALID_FROM, micros(row.validFrom()));
          row.validTo().ifPresent(to -> group.append(MetadataSchema.VALID_TO, micros(to)));
          return group;
        });
  }

  /** Microseconds since the epoch, the unit of every timestamp column. */
  public static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static void appendOptional(Group group, String field, Optional<String> value) {
    value.ifPresent(v -> group.append(field, v));
  }

  private interface RowEncoder<T> {
    Group encode(T row);
  }

  private static <T> byte[] write(
      SnapshotFormat format, String writer, List<T> rows, RowEncoder<T> encoder) {
    requireNonNull(rows, "rows is null");
    InMemoryOutputFile file = new InMemoryOutputFile();
    try (ParquetWriter<Group> parquet =
        new DigestingBuilder(file, format.schema())
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(new ZstdCodecFactory())
            .withCompressionCodec(CompressionCodecName.ZSTD)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            // a CRC-32 in every page header: the job verifies them (docs/data-contract.md §2)
            .withPageWriteChecksumEnabled(true)
            .withExtraMetaData(format.footer(writer))
            .build()) {
      for (T row : rows) {
        parquet.write(encoder.encode(row));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode " + format.formatName() + " snapshot", e);
    }
    return withEncodingsInOrder(file.bytes());
  }

  /**
   * parquet-java lists each column chunk's encodings in the footer in the iteration order of a hash
   * set of enum constants, and their identity hashes differ from one JVM to the next: the same rows
   * written by a collector before and after a restart gave different footers, and the republished
   * window a spool or store conflict. This rewrites the footer with each list sorted by the
   * encoding's number. The footer keeps its length (the same values, reordered), so no offset
   * moves; the digest covers the bytes before the page indexes and the footer and is unaffected.
   */
  static byte[] withEncodingsInOrder(byte[] file) {
    int lengthAt = file.length - 8;
    int footerLength =
        (file[lengthAt] & 0xff)
            | (file[lengthAt + 1] & 0xff) << 8
            | (file[lengthAt + 2] & 0xff) << 16
            | (file[lengthAt + 3] & 0xff) << 24;
    int footerStart = lengthAt - footerLength;
    try {
      FileMetaData footer =
          Util.readFileMetaData(new ByteArrayInputStream(file, footerStart, footerLength));
      for (RowGroup group : footer.getRow_groups()) {
        for (ColumnChunk chunk : group.getColumns()) {
          ColumnMetaData column = chunk.getMeta_data();
          if (column != null && column.getEncodings() != null) {
            List<Encoding> sorted = new ArrayList<>(column.getEncodings());
            sorted.sort(Comparator.comparingInt(Encoding::getValue));
            column.setEncodings(sorted);
          }
        }
      }
      ByteArrayOutputStream rewritten = new ByteArrayOutputStream(footerLength);
      Util.writeFileMetaData(footer, rewritten);
      if (rewritten.size() != footerLength) {
        throw new IllegalStateException(
            "The footer changed length when its encodings were sorted: "
                + footerLength
                + " -> "
                + rewritten.size()
                + " bytes");
      }
      System.arraycopy(rewritten.toByteArray(), 0, file, footerStart, footerLength);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reorder the encodings of a snapshot's footer", e);
    }
  }

  /**
   * Writes groups like parquet's example writer and, once the last row group is out, adds the
   * whole-content digest to the footer: {@value SnapshotFormat#CONTENT_SHA256_KEY} = SHA-256 of the
   * file's first {@value SnapshotFormat#CONTENT_BYTES_KEY} bytes (the magic and every row group:
   * everything before the page indexes and the footer).
   */
  private static final class DigestingBuilder
      extends ParquetWriter.Builder<Group, DigestingBuilder> {
    private final InMemoryOutputFile file;
    private final org.apache.parquet.schema.MessageType schema;

    DigestingBuilder(InMemoryOutputFile file, org.apache.parquet.schema.MessageType schema) {
      super(file);
      this.file = file;
      this.schema = schema;
    }

    @Override
    protected DigestingBuilder self() {
      return this;
    }

    @Override
    protected org.apache.parquet.hadoop.api.WriteSupport<Group> getWriteSupport(
        org.apache.hadoop.conf.Configuration conf) {
      return new DigestingWriteSupport(file, schema);
    }

    @Override
    protected org.apache.parquet.hadoop.api.WriteSupport<Group> getWriteSupport(
        org.apache.parquet.conf.ParquetConfiguration conf) {
      return new DigestingWriteSupport(file, schema);
    }
  }

  private static final class DigestingWriteSupport
      extends org.apache.parquet.hadoop.api.WriteSupport<Group> {
    private final InMemoryOutputFile file;
    private final org.apache.parquet.schema.MessageType schema;
    private org.apache.parquet.example.data.GroupWriter groups;

    DigestingWriteSupport(InMemoryOutputFile file, org.apache.parquet.schema.MessageType schema) {
      this.file = file;
      this.schema = schema;
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
      return new WriteContext(schema, java.util.Map.of());
    }

    @Override
    public WriteContext init(org.apache.parquet.conf.ParquetConfiguration configuration) {
      return new WriteContext(schema, java.util.Map.of());
    }

    @Override
    public void prepareForWrite(org.apache.parquet.io.api.RecordConsumer consumer) {
      groups = new org.apache.parquet.example.data.GroupWriter(consumer, schema);
    }

    @Override
    public void write(Group record) {
      groups.write(record);
    }

    @Override
    public FinalizedWriteContext finalizeWrite() {
      byte[] content = file.bytes();
      return new FinalizedWriteContext(
          java.util.Map.of(
              SnapshotFormat.CONTENT_SHA256_KEY,
              SnapshotFormat.sha256(content, content.length),
              SnapshotFormat.CONTENT_BYTES_KEY,
              Integer.toString(content.length)));
    }
  }

  private static final class InMemoryOutputFile implements OutputFile {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);

    byte[] bytes() {
      return buffer.toByteArray();
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return stream();
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      buffer.reset();
      return stream();
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
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
  }
}
