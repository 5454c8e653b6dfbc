package dev.netcost.demo;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The generator's CSV files (the demo bill, the ground truth), written by Jackson; labels_json is
 * the contract's {@code LabelsJson}.
 */
final class DemoText {
  /**
   * RFC 4180 as AWS writes a CUR: a field quoted only when it holds a comma, a quote (doubled
   * inside) or a line break. {@code STRICT_CHECK_FOR_QUOTING} keeps Jackson from quoting fields
   * that do not need it (spaces, {@code $}).
   */
  private static final CsvMapper CSV =
      CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

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
}
