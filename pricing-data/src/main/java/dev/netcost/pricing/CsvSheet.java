package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shared shape of netcost's CSV sheets: UTF-8 (a leading byte order mark is dropped), {@code #
 * version: X} and other lines starting with {@code #} are comments, blank lines are skipped, one
 * header line, then rows. Fields follow RFC 4180 (a field starting with {@code "} is quoted and may
 * hold commas, doubled quotes and line breaks, kept as written; a quote elsewhere is a plain
 * character); fields are not trimmed. The last column may also hold unquoted commas (it is always
 * free text: a source or a reason): fields beyond the header's count are joined back into it.
 */
final class CsvSheet {
  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .enable(CsvParser.Feature.ALLOW_COMMENTS)
          .build();

  private final String file;
  private final Optional<String> version;
  private final String header;
  private final List<Row> rows;

  private CsvSheet(String file, Optional<String> version, String header, List<Row> rows) {
    this.file = file;
    this.version = version;
    this.header = header;
    this.rows = List.copyOf(rows);
  }

  /** One data row: its 1-based line number and its fields, named by the header. */
  record Row(String file, int line, List<String> columns, String[] fields) {
    String field(String name) {
      int index = columns.indexOf(name);
      if (index < 0) {
        throw new IllegalStateException("No column " + name);
      }
      return fields[index];
    }

    String required(String name) {
      String value = field(name);
      if (value.isEmpty()) {
        throw error(name, "is empty");
      }
      return value;
    }

    InvalidInputException error(String name, String problem) {
      return new InvalidInputException(file, line, name, problem);
    }

    LocalDate date(String name) {
      String value = required(name);
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(
            file, line, name, "invalid date '" + value + "' (expected YYYY-MM-DD)", e);
      }
    }

    Optional<LocalDate> optionalDate(String name) {
      return field(name).isEmpty() ? Optional.empty() : Optional.of(date(name));
    }

    BigDecimal nonNegativeDecimal(String name) {
      String value = required(name);
      BigDecimal decimal;
      try {
        decimal = new BigDecimal(value);
      } catch (NumberFormatException e) {
        throw new InvalidInputException(file, line, name, "invalid number '" + value + "'", e);
      }
      if (decimal.signum() < 0) {
        throw error(name, "is negative: " + value);
      }
      return decimal;
    }
  }

  /**
   * Reads a sheet whole (sheets are small). The {@code # version:} comment is found by a scan of
   * the comment lines; the records are parsed by Jackson's CSV parser with {@code #} comments and
   * blank lines skipped.
   */
  static CsvSheet read(String file, InputStream in, List<String> acceptedHeaders)
      throws IOException {
    requireNonNull(file, "file is null");
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    Optional<String> version = version(file, text);
    List<Row> rows = new ArrayList<>();
    String header = null;
    List<String> columns = List.of();
    try (CsvParser parser = (CsvParser) CSV.getFactory().createParser(text)) {
      parser.setSchema(CsvSchema.emptySchema());
      parser.nextToken(); // the array around all records
      int line = 1;
      List<String> fields = new ArrayList<>();
      try {
        while (parser.nextToken() == JsonToken.START_ARRAY) {
          // comments and blank lines before the record are skipped: the parser is at its first line
          line = parser.currentLocation().getLineNr();
          fields = new ArrayList<>();
          while (parser.nextToken() == JsonToken.VALUE_STRING) {
            fields.add(parser.getText());
          }
          if (header == null) {
            String found = String.join(",", fields);
            if (!acceptedHeaders.contains(found)) {
              throw new InvalidInputException(
                  file,
                  line,
                  "header",
                  "expected '" + acceptedHeaders.get(0) + "', found '" + found + "'");
            }
            header = found;
            columns = List.copyOf(fields);
            continue;
          }
          rows.add(new Row(file, line, columns, fields(file, line, columns, fields)));
        }
      } catch (JsonProcessingException e) {
        String field =
            header == null ? "header" : columns.get(Math.min(fields.size(), columns.size() - 1));
        throw new InvalidInputException(file, line, field, e.getOriginalMessage(), e);
      }
    }
    if (header == null) {
      throw new InvalidInputException(
          file, 1, "header", "no header line: expected '" + acceptedHeaders.get(0) + "'");
    }
    return new CsvSheet(file, version, header, rows);
  }

  /**
   * A record's fields by column. The last column is free text (a source or a reason) and may hold
   * unquoted commas: fields beyond the header's count are joined back into it with commas.
   */
  private static String[] fields(String file, int line, List<String> columns, List<String> fields) {
    int count = columns.size();
    if (fields.size() < count) {
      throw new InvalidInputException(
          file,
          line,
          columns.get(fields.size()),
          "missing: expected " + count + " fields, found " + fields.size());
    }
    String[] values = fields.subList(0, count).toArray(String[]::new);
    if (fields.size() > count) {
      values[count - 1] = String.join(",", fields.subList(count - 1, fields.size()));
    }
    return values;
  }

  /** The value of the {@code # version:} comment, if any; the last one wins. */
  private static Optional<String> version(String file, String text) {
    Optional<String> version = Optional.empty();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int index = 0; index < lines.length; index++) {
      if (!lines[index].startsWith("#")) {
        continue;
      }
      String comment = lines[index].substring(1).trim();
      if (comment.startsWith("version:")) {
        String value = comment.substring("version:".length()).trim();
        if (value.isEmpty() || value.contains(",") || value.contains(" ")) {
          throw new InvalidInputException(
              file, index + 1, "version", "must be one word without commas: '" + value + "'");
        }
        version = Optional.of(value);
      }
    }
    return version;
  }

  String file() {
    return file;
  }

  Optional<String> version() {
    return version;
  }

  String header() {
    return header;
  }

  List<Row> rows() {
    return rows;
  }
}
