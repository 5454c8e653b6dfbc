package dev.netcost.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The generator's text formats, written by Jackson: CSV files (the demo bill, the ground truth) and
 * the contract's {@code labels_json}.
 */
final class DemoText {
  /**
   * RFC 4180 as AWS writes a CUR: a field quoted only when it holds a comma, a quote (doubled
   * inside) or a line break. {@code STRICT_CHECK_FOR_QUOTING} keeps Jackson from quoting fields
   * that do not need it (spaces, {@code $}).
   */
  private static final CsvMapper CSV =
      CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

  private static final JsonFactory JSON = new JsonFactory();

  private DemoText() {}

  /**
   * A CSV file: UTF-8 without a byte order mark, the header row, then {@code rows} (one value per
   * header column, empty for none), CRLF line ends, a field quoted (quotes doubled) only when it
   * holds a comma, a quote, CR or LF.
   */
  static byte[] csv(List<String> header, List<String[]> rows, String what) {
    CsvSchema schema =
        CsvSchema.builder()
            .addColumns(header, CsvSchema.ColumnType.STRING)
            .build()
            .withHeader()
            .withLineSeparator("\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (SequenceWriter writer = CSV.writerFor(String[].class).with(schema).writeValues(bytes)) {
      writer.writeAll(rows);
    } catch (IOException e) {
      // the rows are in memory and the target is a byte array: nothing outside can fail
      throw new UncheckedIOException("Cannot write " + what + " as CSV", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Labels as the contract's {@code labels_json}: a compact JSON object with sorted keys (as the
   * metadata collector writes it).
   */
  static String labelsJson(Map<String, String> labels) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      for (Map.Entry<String, String> entry : new TreeMap<>(labels).entrySet()) {
        generator.writeStringField(entry.getKey(), entry.getValue());
      }
      generator.writeEndObject();
    } catch (IOException e) {
      // a StringWriter does not fail
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
