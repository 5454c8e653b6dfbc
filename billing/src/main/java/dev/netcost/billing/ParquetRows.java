package dev.netcost.billing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.ListLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.MapKeyValueTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.MapLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Parquet rows as row trees, read through Parquet's {@code InputFile} (no Hadoop file system or
 * codecs; parquet-hadoop still loads a few Hadoop client classes, see the module pom). Structs
 * become maps, MAP columns maps, LIST columns lists; scalars become text: decimals exact ({@code
 * toPlainString}), doubles by their shortest decimal form ({@link BigDecimal#valueOf(double)}),
 * timestamps as ISO instants (UTC), dates as ISO dates.
 */
final class ParquetRows {
  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;

  private ParquetRows() {}

  static long read(InputFile file, RowSink sink) throws IOException {
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(ParquetCodecs.INSTANCE)
            .build();
    long rowNumber = 0;
    try (ParquetFileReader reader = new ParquetFileReader(file, options)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      MessageColumnIO columns = new ColumnIOFactory().getColumnIO(schema);
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            columns.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          rowNumber++;
          Group group = records.read();
          sink.row(Row.of(struct(group), rowNumber, rowNumber));
        }
      }
    }
    return rowNumber;
  }

  private static Map<String, Object> struct(Group group) {
    GroupType type = group.getType();
    Map<String, Object> values = new LinkedHashMap<>();
    for (int field = 0; field < type.getFieldCount(); field++) {
      Type fieldType = type.getType(field);
      int count = group.getFieldRepetitionCount(field);
      if (fieldType.isRepetition(Type.Repetition.REPEATED)) {
        List<Object> list = new ArrayList<>();
        for (int index = 0; index < count; index++) {
          list.add(value(group, field, index));
        }
        values.put(fieldType.getName(), list);
      } else {
        // a null keeps its column, so rejections can name the column the file has
        values.put(fieldType.getName(), count > 0 ? value(group, field, 0) : null);
      }
    }
    return values;
  }

  private static Object value(Group group, int field, int index) {
    Type type = group.getType().getType(field);
    if (!type.isPrimitive()) {
      return nested(group.getGroup(field, index));
    }
    PrimitiveType primitive = type.asPrimitiveType();
    LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
    return switch (primitive.getPrimitiveTypeName()) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> {
        if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
          yield new BigDecimal(
                  new BigInteger(group.getBinary(field, index).getBytes()), decimal.getScale())
              .toPlainString();
        }
        yield group.getBinary(field, index).toStringUsingUTF8();
      }
      case INT32 -> {
        int value = group.getInteger(field, index);
        if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
          yield BigDecimal.valueOf(value, decimal.getScale()).toPlainString();
        }
        if (logical instanceof DateLogicalTypeAnnotation) {
          yield LocalDate.ofEpochDay(value).toString();
        }
        yield Integer.toString(value);
      }
      case INT64 -> {
        long value = group.getLong(field, index);
        if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
          yield BigDecimal.valueOf(value, decimal.getScale()).toPlainString();
        }
        if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
          yield switch (timestamp.getUnit()) {
            case MILLIS -> Instant.ofEpochMilli(value).toString();
            case MICROS ->
                Instant.ofEpochSecond(
                        Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000L)
                    .toString();
            case NANOS ->
                Instant.ofEpochSecond(
                        Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L))
                    .toString();
          };
        }
        yield Long.toString(value);
      }
      case INT96 -> {
        // legacy Impala/Spark timestamp: nanos of day (8 bytes LE), Julian day (4 bytes LE)
        ByteBuffer bytes =
            ByteBuffer.wrap(group.getInt96(field, index).getBytes()).order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = bytes.getLong();
        long julianDay = bytes.getInt();
        yield Instant.ofEpochSecond((julianDay - JULIAN_DAY_OF_EPOCH) * 86_400L, nanosOfDay)
            .toString();
      }
      case DOUBLE -> BigDecimal.valueOf(group.getDouble(field, index)).toPlainString();
      case FLOAT -> new BigDecimal(Float.toString(group.getFloat(field, index))).toPlainString();
      case BOOLEAN -> Boolean.toString(group.getBoolean(field, index));
    };
  }

  private static Object nested(Group group) {
    GroupType type = group.getType();
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if ((logical instanceof MapLogicalTypeAnnotation
            || logical instanceof MapKeyValueTypeAnnotation)
        && type.getFieldCount() == 1) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int index = 0; index < group.getFieldRepetitionCount(0); index++) {
        Group entry = group.getGroup(0, index);
        if (entry.getFieldRepetitionCount(0) == 0) {
          continue;
        }
        Object key = value(entry, 0, 0);
        Object value = entry.getFieldRepetitionCount(1) == 0 ? null : value(entry, 1, 0);
        map.put(String.valueOf(key), value);
      }
      return map;
    }
    if (logical instanceof ListLogicalTypeAnnotation && type.getFieldCount() == 1) {
      List<Object> list = new ArrayList<>();
      Type repeated = type.getType(0);
      for (int index = 0; index < group.getFieldRepetitionCount(0); index++) {
        if (repeated.isPrimitive()) {
          list.add(value(group, 0, index));
          continue;
        }
        Group element = group.getGroup(0, index);
        GroupType elementType = element.getType();
        // three-level list: repeated group list { optional element }; else the group is the element
        if (elementType.getFieldCount() == 1
            && (elementType.getName().equals("list")
                || elementType.getName().equals("array")
                || elementType.getName().endsWith("_tuple")
                || elementType.getName().equals("bag"))) {
          list.add(element.getFieldRepetitionCount(0) == 0 ? null : value(element, 0, 0));
        } else {
          list.add(struct(element));
        }
      }
      return list;
    }
    return struct(group);
  }

  /** A Parquet input over bytes in memory. */
  static InputFile inMemory(byte[] data) {
    return new InputFile() {
      @Override
      public long getLength() {
        return data.length;
      }

      @Override
      public SeekableInputStream newStream() {
        PositionedBytes bytes = new PositionedBytes(data);
        return new DelegatingSeekableInputStream(bytes) {
          @Override
          public long getPos() {
            return bytes.position();
          }

          @Override
          public void seek(long newPos) {
            bytes.seek(newPos);
          }
        };
      }
    };
  }

  private static final class PositionedBytes extends ByteArrayInputStream {
    PositionedBytes(byte[] data) {
      super(data);
    }

    long position() {
      return pos;
    }

    void seek(long position) {
      if (position < 0 || position > count) {
        throw new IllegalArgumentException("Invalid position: " + position);
      }
      pos = (int) position;
    }
  }
}
