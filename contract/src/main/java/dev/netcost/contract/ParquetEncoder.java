package dev.netcost.contract;

import static java.util.Objects.requireNonNull;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.zip.CRC32;

/**
 * A Parquet encoder for the snapshot formats' flat schemas, written from the format specification
 * (parquet-format's {@code parquet.thrift}) so that writing a snapshot loads a few classes of
 * netcost's instead of parquet-java's 1,200: a collector sealing a window no longer keeps that
 * writer's metaspace, symbols and C heap resident afterwards.
 *
 * <p>What it writes, and nothing else: the magic; one row group holding every row (none when there
 * are no rows); per column one chunk of version-1 data pages, each at most {@value #PAGE_VALUES}
 * values and closed once its uncompressed size reaches {@value #PAGE_BYTES} bytes; values
 * PLAIN-encoded (no dictionary), definition levels of an optional column in the RLE hybrid encoding
 * (runs only), no repetition levels (no column repeats); every page ZSTD-compressed (level 3) with
 * the CRC-32 of its compressed bytes in its header; no statistics, page indexes or bloom filters;
 * the footer's key-value metadata sorted by key, with the content digest of {@link
 * SnapshotFormat#CONTENT_SHA256_KEY} over every byte before the footer. The bytes are a function of
 * the rows and the key-value metadata only.
 */
final class ParquetEncoder {
  static final int PAGE_VALUES = 20_000;
  static final int PAGE_BYTES = 1 << 20;
  static final String CREATED_BY = "netcost snapshot writer";
  private static final int ZSTD_LEVEL = 3;
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  // parquet.thrift enum values
  private static final int TYPE_INT32 = 1;
  private static final int TYPE_INT64 = 2;
  private static final int TYPE_BYTE_ARRAY = 6;
  private static final int REPETITION_REQUIRED = 0;
  private static final int REPETITION_OPTIONAL = 1;
  private static final int CONVERTED_UTF8 = 0;
  private static final int CONVERTED_TIMESTAMP_MICROS = 10;
  private static final int ENCODING_PLAIN = 0;
  private static final int ENCODING_RLE = 3;
  private static final int CODEC_ZSTD = 6;
  private static final int PAGE_DATA = 0;

  private ParquetEncoder() {}

  /** A value's annotation in the schema. */
  enum Annotation {
    NONE,
    /** {@code BINARY (STRING)}: UTF-8 text. */
    STRING,
    /** {@code INT64 (TIMESTAMP(MICROS,true))}: microseconds since the epoch, UTC. */
    TIMESTAMP_MICROS_UTC
  }

  /** Appends a row's value of one column to a page; false when the (optional) value is absent. */
  @FunctionalInterface
  interface ValueWriter<T> {
    boolean write(T row, Bytes page);
  }

  /** One leaf column of a flat schema. */
  record Column<T>(
      String name,
      int physicalType,
      Annotation annotation,
      boolean optional,
      ValueWriter<T> writer) {
    Column {
      requireNonNull(name, "name is null");
      requireNonNull(annotation, "annotation is null");
      requireNonNull(writer, "writer is null");
    }

    static <T> Column<T> string(String name, Function<T, String> value) {
      return new Column<>(
          name,
          TYPE_BYTE_ARRAY,
          Annotation.STRING,
          false,
          (row, page) -> {
            page.lengthPrefixed(requireNonNull(value.apply(row), name));
            return true;
          });
    }

    static <T> Column<T> optionalString(String name, Function<T, Optional<String>> value) {
      return new Column<>(
          name,
          TYPE_BYTE_ARRAY,
          Annotation.STRING,
          true,
          (row, page) -> {
            Optional<String> present = value.apply(row);
            present.ifPresent(page::lengthPrefixed);
            return present.isPresent();
          });
    }

    static <T> Column<T> int32(String name, ToIntFunction<T> value) {
      return new Column<>(
          name,
          TYPE_INT32,
          Annotation.NONE,
          false,
          (row, page) -> {
            page.intLittleEndian(value.applyAsInt(row));
            return true;
          });
    }

    static <T> Column<T> int64(String name, ToLongFunction<T> value) {
      return new Column<>(
          name,
          TYPE_INT64,
          Annotation.NONE,
          false,
          (row, page) -> {
            page.longLittleEndian(value.applyAsLong(row));
            return true;
          });
    }

    static <T> Column<T> timestamp(String name, Function<T, Instant> value) {
      return new Column<>(
          name,
          TYPE_INT64,
          Annotation.TIMESTAMP_MICROS_UTC,
          false,
          (row, page) -> {
            page.longLittleEndian(SnapshotWriter.micros(requireNonNull(value.apply(row), name)));
            return true;
          });
    }

    static <T> Column<T> optionalTimestamp(String name, Function<T, Optional<Instant>> value) {
      return new Column<>(
          name,
          TYPE_INT64,
          Annotation.TIMESTAMP_MICROS_UTC,
          true,
          (row, page) -> {
            Optional<Instant> present = value.apply(row);
            present.ifPresent(instant -> page.longLittleEndian(SnapshotWriter.micros(instant)));
            return present.isPresent();
          });
    }
  }

  /** Where one column chunk landed in the file. */
  private record Chunk(long offset, long uncompressedBytes, long compressedBytes) {}

  /**
   * Encodes {@code rows} in order as a Parquet file of the message {@code schemaName} with these
   * columns, and {@code keyValues} plus the content digest as the footer's key-value metadata.
   */
  static <T> byte[] encode(
      String schemaName, List<Column<T>> columns, List<T> rows, Map<String, String> keyValues) {
    requireNonNull(schemaName, "schemaName is null");
    requireNonNull(rows, "rows is null");
    Bytes file = new Bytes(1 << 16);
    file.bytes(MAGIC, 0, MAGIC.length);
    Chunk[] chunks = new Chunk[columns.size()];
    if (!rows.isEmpty()) {
      Bytes values = new Bytes(1 << 16);
      Bytes levels = new Bytes(1 << 10);
      Bytes page = new Bytes(1 << 16);
      Bytes header = new Bytes(64);
      for (int c = 0; c < columns.size(); c++) {
        chunks[c] = writeChunk(columns.get(c), rows, file, values, levels, page, header);
      }
    }
    int contentBytes = file.size();
    Map<String, String> footerKeys = new TreeMap<>(keyValues);
    footerKeys.put(
        SnapshotFormat.CONTENT_SHA256_KEY, SnapshotFormat.sha256(file.array(), contentBytes));
    footerKeys.put(SnapshotFormat.CONTENT_BYTES_KEY, Integer.toString(contentBytes));
    Bytes footer = new Bytes(1 << 12);
    writeFooter(new CompactWriter(footer), schemaName, columns, rows.size(), chunks, footerKeys);
    file.bytes(footer.array(), 0, footer.size());
    file.intLittleEndian(footer.size());
    file.bytes(MAGIC, 0, MAGIC.length);
    return file.toArray();
  }

  private static <T> Chunk writeChunk(
      Column<T> column,
      List<T> rows,
      Bytes file,
      Bytes values,
      Bytes levels,
      Bytes page,
      Bytes header) {
    long offset = file.size();
    long uncompressed = 0;
    long compressed = 0;
    RleLevels present = new RleLevels(levels);
    int inPage = 0;
    values.clear();
    for (int r = 0; r < rows.size(); r++) {
      boolean written = column.writer().write(rows.get(r), values);
      if (!written && !column.optional()) {
        throw new IllegalStateException("required column " + column.name() + " has no value");
      }
      if (column.optional()) {
        present.add(written);
      }
      inPage++;
      if (inPage == PAGE_VALUES || values.size() >= PAGE_BYTES || r == rows.size() - 1) {
        page.clear();
        if (column.optional()) {
          present.finish();
          page.intLittleEndian(levels.size());
          page.bytes(levels.array(), 0, levels.size());
        }
        page.bytes(values.array(), 0, values.size());
        byte[] zstd = Zstd.compress(Arrays.copyOf(page.array(), page.size()), ZSTD_LEVEL);
        CRC32 crc = new CRC32();
        crc.update(zstd);
        header.clear();
        CompactWriter thrift = new CompactWriter(header);
        thrift.structBegin();
        thrift.i32(1, PAGE_DATA);
        thrift.i32(2, page.size());
        thrift.i32(3, zstd.length);
        thrift.i32(4, (int) crc.getValue());
        thrift.structField(5);
        thrift.i32(1, inPage);
        thrift.i32(2, ENCODING_PLAIN);
        thrift.i32(3, ENCODING_RLE);
        thrift.i32(4, ENCODING_RLE);
        thrift.structEnd();
        thrift.structEnd();
        file.bytes(header.array(), 0, header.size());
        file.bytes(zstd, 0, zstd.length);
        uncompressed += header.size() + page.size();
        compressed += header.size() + zstd.length;
        values.clear();
        present = new RleLevels(levels);
        inPage = 0;
      }
    }
    return new Chunk(offset, uncompressed, compressed);
  }

  private static <T> void writeFooter(
      CompactWriter thrift,
      String schemaName,
      List<Column<T>> columns,
      long rowCount,
      Chunk[] chunks,
      Map<String, String> keyValues) {
    thrift.structBegin();
    thrift.i32(1, 1); // version
    thrift.listField(2, CompactWriter.STRUCT, columns.size() + 1);
    thrift.structBegin(); // the root
    thrift.string(4, schemaName);
    thrift.i32(5, columns.size());
    thrift.structEnd();
    for (Column<T> column : columns) {
      thrift.structBegin();
      thrift.i32(1, column.physicalType());
      thrift.i32(3, column.optional() ? REPETITION_OPTIONAL : REPETITION_REQUIRED);
      thrift.string(4, column.name());
      switch (column.annotation()) {
        case STRING -> {
          thrift.i32(6, CONVERTED_UTF8);
          thrift.structField(10); // LogicalType
          thrift.structField(1); // STRING: StringType
          thrift.structEnd();
          thrift.structEnd();
        }
        case TIMESTAMP_MICROS_UTC -> {
          thrift.i32(6, CONVERTED_TIMESTAMP_MICROS);
          thrift.structField(10); // LogicalType
          thrift.structField(8); // TIMESTAMP: TimestampType
          thrift.bool(1, true); // isAdjustedToUTC
          thrift.structField(2); // unit: TimeUnit
          thrift.structField(2); // MICROS: MicroSeconds
          thrift.structEnd();
          thrift.structEnd();
          thrift.structEnd();
          thrift.structEnd();
        }
        case NONE -> {}
      }
      thrift.structEnd();
    }
    thrift.i64(3, rowCount);
    boolean hasRows = rowCount > 0;
    thrift.listField(4, CompactWriter.STRUCT, hasRows ? 1 : 0);
    if (hasRows) {
      long uncompressed = 0;
      long compressed = 0;
      for (Chunk chunk : chunks) {
        uncompressed += chunk.uncompressedBytes();
        compressed += chunk.compressedBytes();
      }
      thrift.structBegin(); // RowGroup
      thrift.listField(1, CompactWriter.STRUCT, columns.size());
      for (int c = 0; c < columns.size(); c++) {
        Column<T> column = columns.get(c);
        Chunk chunk = chunks[c];
        thrift.structBegin(); // ColumnChunk
        thrift.i64(2, chunk.offset());
        thrift.structField(3); // ColumnMetaData
        thrift.i32(1, column.physicalType());
        thrift.listField(2, CompactWriter.I32, column.optional() ? 2 : 1);
        thrift.listI32(ENCODING_PLAIN);
        if (column.optional()) {
          thrift.listI32(ENCODING_RLE);
        }
        thrift.listField(3, CompactWriter.BINARY, 1);
        thrift.listString(column.name());
        thrift.i32(4, CODEC_ZSTD);
        thrift.i64(5, rowCount);
        thrift.i64(6, chunk.uncompressedBytes());
        thrift.i64(7, chunk.compressedBytes());
        thrift.i64(9, chunk.offset());
        thrift.structEnd();
        thrift.structEnd();
      }
      thrift.i64(2, uncompressed);
      thrift.i64(3, rowCount);
      thrift.i64(5, chunks[0].offset());
      thrift.i64(6, compressed);
      thrift.i16(7, (short) 0);
      thrift.structEnd();
    }
    thrift.listField(5, CompactWriter.STRUCT, keyValues.size());
    keyValues.forEach(
        (key, value) -> {
          thrift.structBegin();
          thrift.string(1, key);
          thrift.string(2, value);
          thrift.structEnd();
        });
    thrift.string(6, CREATED_BY);
    thrift.listField(7, CompactWriter.STRUCT, columns.size());
    for (int c = 0; c < columns.size(); c++) {
      thrift.structBegin(); // ColumnOrder
      thrift.structField(1); // TYPE_ORDER: TypeDefinedOrder
      thrift.structEnd();
      thrift.structEnd();
    }
    thrift.structEnd();
  }

  /** Definition levels (0 absent, 1 present) as RLE runs of the RLE/bit-packing hybrid, width 1. */
  private static final class RleLevels {
    private final Bytes out;
    private boolean value;
    private int run;

    RleLevels(Bytes out) {
      this.out = out;
      out.clear();
    }

    void add(boolean present) {
      if (run > 0 && present != value) {
        flush();
      }
      value = present;
      run++;
    }

    void finish() {
      if (run > 0) {
        flush();
      }
    }

    private void flush() {
      out.unsignedVarint((long) run << 1); // the low bit 0 marks an RLE run
      out.byteValue(value ? 1 : 0); // the value in ceil(width / 8) = 1 byte
      run = 0;
    }
  }

  /** A growable byte buffer with the little-endian and varint writes Parquet and Thrift need. */
  static final class Bytes {
    private byte[] bytes;
    private int size;

    Bytes(int capacity) {
      bytes = new byte[capacity];
    }

    int size() {
      return size;
    }

    byte[] array() {
      return bytes;
    }

    byte[] toArray() {
      return Arrays.copyOf(bytes, size);
    }

    void clear() {
      size = 0;
    }

    private void room(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    void byteValue(int value) {
      room(1);
      bytes[size++] = (byte) value;
    }

    void bytes(byte[] source, int offset, int length) {
      room(length);
      System.arraycopy(source, offset, bytes, size, length);
      size += length;
    }

    void intLittleEndian(int value) {
      room(4);
      bytes[size] = (byte) value;
      bytes[size + 1] = (byte) (value >>> 8);
      bytes[size + 2] = (byte) (value >>> 16);
      bytes[size + 3] = (byte) (value >>> 24);
      size += 4;
    }

    void longLittleEndian(long value) {
      room(8);
      for (int i = 0; i < 8; i++) {
        bytes[size + i] = (byte) (value >>> (8 * i));
      }
      size += 8;
    }

    /** A PLAIN {@code BYTE_ARRAY}: 4-byte little-endian length, then the UTF-8 bytes. */
    void lengthPrefixed(String text) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      intLittleEndian(utf8.length);
      bytes(utf8, 0, utf8.length);
    }

    void unsignedVarint(long value) {
      while ((value & ~0x7FL) != 0) {
        byteValue((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      byteValue((int) value);
    }
  }

  /** Thrift's compact protocol, the few parts of it that Parquet's footer and page headers use. */
  static final class CompactWriter {
    static final int I32 = 5;
    static final int BINARY = 8;
    static final int STRUCT = 12;
    private static final int BOOLEAN_TRUE = 1;
    private static final int BOOLEAN_FALSE = 2;
    private static final int I16 = 4;
    private static final int I64 = 6;
    private static final int LIST = 9;

    private final Bytes out;
    private final int[] lastField = new int[16];
    private int depth = -1;

    CompactWriter(Bytes out) {
      this.out = out;
    }

    /** Starts a struct: a top-level one, a list element, or after {@link #structField}. */
    void structBegin() {
      lastField[++depth] = 0;
    }

    void structEnd() {
      out.byteValue(0); // STOP
      depth--;
    }

    /** A field holding a struct; the struct is begun, end it with {@link #structEnd}. */
    void structField(int id) {
      fieldHeader(id, STRUCT);
      structBegin();
    }

    void bool(int id, boolean value) {
      fieldHeader(id, value ? BOOLEAN_TRUE : BOOLEAN_FALSE);
    }

    void i16(int id, short value) {
      fieldHeader(id, I16);
      out.unsignedVarint(zigzag(value));
    }

    void i32(int id, int value) {
      fieldHeader(id, I32);
      out.unsignedVarint(zigzag(value));
    }

    void i64(int id, long value) {
      fieldHeader(id, I64);
      out.unsignedVarint(zigzag(value));
    }

    void string(int id, String value) {
      fieldHeader(id, BINARY);
      listString(value);
    }

    /** A list field's header; its {@code size} elements follow. */
    void listField(int id, int elementType, int size) {
      fieldHeader(id, LIST);
      if (size < 15) {
        out.byteValue(size << 4 | elementType);
      } else {
        out.byteValue(0xF0 | elementType);
        out.unsignedVarint(size);
      }
    }

    void listI32(int value) {
      out.unsignedVarint(zigzag(value));
    }

    void listString(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      out.unsignedVarint(utf8.length);
      out.bytes(utf8, 0, utf8.length);
    }

    private void fieldHeader(int id, int type) {
      int delta = id - lastField[depth];
      if (delta > 0 && delta <= 15) {
        out.byteValue(delta << 4 | type);
      } else {
        out.byteValue(type);
        out.unsignedVarint(zigzag(id));
      }
      lastField[depth] = id;
    }

    private static long zigzag(long value) {
      return (value << 1) ^ (value >> 63);
    }
  }
}
