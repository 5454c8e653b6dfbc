package dev.netcost.contract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * End-to-end check of one snapshot file before the job uses any of its rows (docs/data-contract.md
 * §2): the footer's format and version, the schema exactly as the contract declares it (no group
 * where a value is expected, the same physical type and annotation — an INT64 without the timestamp
 * annotation is not a timestamp), the whole-content SHA-256 when the footer carries one, and every
 * page decoded with its CRC-32 verified when the page has one. Any failure names the reason; the
 * caller sets the file aside and processes the rest of the date.
 */
public final class SnapshotVerifier {
  private SnapshotVerifier() {}

  /** The reason {@code bytes} is not a good snapshot of {@code format}, or empty when it is. */
  public static Optional<String> verify(SnapshotFormat format, byte[] bytes) {
    return check(format, bytes).problem();
  }

  /**
   * A verdict on one file: its row count (from the footer; 0 when the footer cannot be read) and
   * the reason it is not a good snapshot, if any.
   */
  public record Verdict(long rows, Optional<String> problem) {
    public Verdict {
      java.util.Objects.requireNonNull(problem, "problem is null");
    }
  }

  /** {@link #verify} with the file's row count. */
  public static Verdict check(SnapshotFormat format, byte[] bytes) {
    if (bytes.length < 12) {
      return new Verdict(
          0, Optional.of("corrupt or truncated Parquet file: " + bytes.length + " bytes"));
    }
    InputFile file = new BytesInputFile(bytes);
    // one reader for the footer and the pages (page CRCs verified as each page is read)
    ParquetFileReader reader;
    try {
      reader =
          ParquetFileReader.open(
              file,
              org.apache.parquet.ParquetReadOptions.builder(new PlainParquetConfiguration())
                  .withCodecFactory(new ZstdCodecFactory())
                  .usePageChecksumVerification(true)
                  .build());
    } catch (IOException | RuntimeException e) {
      return new Verdict(0, Optional.of("corrupt or truncated Parquet file: " + oneLine(e)));
    }
    try (reader) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      Map<String, String> footer = reader.getFooter().getFileMetaData().getKeyValueMetaData();
      long rows = reader.getRecordCount();
      Optional<String> problem = checkFooter(format, footer);
      if (problem.isEmpty()) {
        problem = checkSchema(format.schema(), schema);
      }
      if (problem.isEmpty()) {
        problem = decodeAll(reader, schema);
      }
      if (problem.isEmpty()) {
        problem = checkDigest(bytes, footer);
      }
      return new Verdict(rows, problem);
    } catch (IOException e) { // closing a reader over bytes in memory
      return new Verdict(0, Optional.of("corrupt or truncated Parquet file: " + oneLine(e)));
    }
  }

  private static Optional<String> checkFooter(SnapshotFormat format, Map<String, String> footer) {
    String name = footer.get(SnapshotFormat.FORMAT_KEY);
    if (!format.formatName().equals(name)) {
      return Optional.of(
          "footer "
              + SnapshotFormat.FORMAT_KEY
              + " is "
              + name
              + ", expected "
              + format.formatName());
    }
    String version = footer.get(SnapshotFormat.VERSION_KEY);
    if (!Integer.toString(format.currentVersion()).equals(version)) {
      return Optional.of(
          "unknown schema version "
              + version
              + " of "
              + format.formatName()
              + " (this job reads version "
              + format.currentVersion()
              + ")");
    }
    return Optional.empty();
  }

  private static Optional<String> checkSchema(MessageType expected, MessageType actual) {
    for (Type want : expected.getFields()) {
      if (!actual.containsField(want.getName())) {
        return Optional.of("column " + want.getName() + " is missing");
      }
      Type have = actual.getType(want.getName());
      if (!have.isPrimitive()) {
        return Optional.of(
            "column "
                + want.getName()
                + " is a group, expected "
                + want.asPrimitiveType().getPrimitiveTypeName());
      }
      var wantType = want.asPrimitiveType().getPrimitiveTypeName();
      var haveType = have.asPrimitiveType().getPrimitiveTypeName();
      if (wantType != haveType) {
        return Optional.of(
            "column " + want.getName() + " has type " + haveType + ", expected " + wantType);
      }
      var wantAnnotation = want.getLogicalTypeAnnotation();
      var haveAnnotation = have.getLogicalTypeAnnotation();
      if (wantAnnotation != null && !wantAnnotation.equals(haveAnnotation)) {
        return Optional.of(
            "column "
                + want.getName()
                + " is "
                + haveType
                + (haveAnnotation == null ? " without annotation" : " " + haveAnnotation)
                + ", expected "
                + wantType
                + " "
                + wantAnnotation);
      }
      if (have.getRepetition() == Type.Repetition.REPEATED) {
        return Optional.of("column " + want.getName() + " is repeated");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkDigest(byte[] bytes, Map<String, String> footer) {
    String expected = footer.get(SnapshotFormat.CONTENT_SHA256_KEY);
    String length = footer.get(SnapshotFormat.CONTENT_BYTES_KEY);
    if (expected == null && length == null) {
      return Optional.empty(); // a version 1 file from before the digest: pages' CRCs only
    }
    long covered;
    try {
      covered = Long.parseLong(String.valueOf(length));
    } catch (NumberFormatException e) {
      return Optional.of(
          "footer " + SnapshotFormat.CONTENT_BYTES_KEY + " is not a number: " + length);
    }
    int footerLength =
        ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    long footerStart = bytes.length - 8L - footerLength;
    if (covered < 4 || covered > footerStart || expected == null) {
      return Optional.of(
          "footer digest covers "
              + covered
              + " bytes, but the footer starts at byte "
              + footerStart);
    }
    String actual = SnapshotFormat.sha256(bytes, (int) covered);
    if (!actual.equals(expected)) {
      return Optional.of(
          "content SHA-256 mismatch: footer says "
              + expected
              + ", the file's first "
              + covered
              + " bytes hash to "
              + actual
              + " (damaged in storage or transfer)");
    }
    return Optional.empty();
  }

  /**
   * Decodes every value of every page, column by column (no record assembly), verifying page CRCs;
   * each column chunk is read on its own so that a failure names its column, each column must hold
   * a value (or null) for every row of its row group (the footer's row counts; the pages' own value
   * counts are what can disagree with them).
   */
  private static Optional<String> decodeAll(ParquetFileReader reader, MessageType schema) {
    String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    GroupRecordConverter converter = new GroupRecordConverter(schema);
    int rowGroups = reader.getRowGroups().size();
    long rowsBefore = 0;
    for (int group = 0; group < rowGroups; group++) {
      long groupRows = reader.getRowGroups().get(group).getRowCount();
      for (ColumnDescriptor descriptor : schema.getColumns()) {
        String column = String.join(".", descriptor.getPath());
        long row = 0;
        try {
          reader.setRequestedSchema(List.of(descriptor));
          PageReadStore chunk = reader.readRowGroup(group);
          ColumnReader values =
              new ColumnReadStoreImpl(chunk, converter.getRootConverter(), schema, createdBy)
                  .getColumnReader(descriptor);
          if (values.getTotalValueCount() != groupRows) {
            return Optional.of(
                "column "
                    + column
                    + " holds "
                    + values.getTotalValueCount()
                    + " values in a row group of "
                    + groupRows
                    + " rows");
          }
          int defined = descriptor.getMaxDefinitionLevel();
          PrimitiveType.PrimitiveTypeName type =
              descriptor.getPrimitiveType().getPrimitiveTypeName();
          for (; row < groupRows; row++) {
            if (values.getCurrentDefinitionLevel() == defined) {
              switch (type) {
                case INT64 -> values.getLong();
                case INT32 -> values.getInteger();
                case BOOLEAN -> values.getBoolean();
                case DOUBLE -> values.getDouble();
                case FLOAT -> values.getFloat();
                default -> values.getBinary();
              }
            }
            values.consume();
          }
        } catch (IOException | RuntimeException | LinkageError e) {
          return Optional.of(
              "cannot decode row "
                  + (rowsBefore + row)
                  + " of column "
                  + column
                  + ": "
                  + oneLine(e));
        }
      }
      rowsBefore += groupRows;
    }
    return Optional.empty();
  }

  private static String oneLine(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
      if (!text.isEmpty()) {
        text.append(": ");
      }
      String message = t.getMessage();
      text.append(
          message == null ? t.getClass().getSimpleName() : message.lines().findFirst().orElse(""));
      if (t.getCause() == t) {
        break;
      }
    }
    return text.toString();
  }

  /** A snapshot held in memory as a Parquet input file. */
  private static final class BytesInputFile implements InputFile {
    private final byte[] bytes;

    BytesInputFile(byte[] bytes) {
      this.bytes = bytes;
    }

    /** How parquet-java's messages name the file ("… is not a Parquet file"). */
    @Override
    public String toString() {
      return "the file (" + bytes.length + " bytes)";
    }

    @Override
    public long getLength() {
      return bytes.length;
    }

    @Override
    public SeekableInputStream newStream() {
      PositionedStream in = new PositionedStream(bytes);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() {
          return in.position();
        }

        @Override
        public void seek(long newPos) {
          in.seek((int) newPos);
        }
      };
    }
  }

  private static final class PositionedStream extends ByteArrayInputStream {
    PositionedStream(byte[] bytes) {
      super(bytes);
    }

    int position() {
      return pos;
    }

    void seek(int position) {
      pos = Math.min(position, count);
    }
  }
}
