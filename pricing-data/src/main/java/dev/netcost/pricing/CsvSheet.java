package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shared shape of netcost's CSV sheets: {@code # version: X} and other {@code #} comment lines,
 * blank lines, one header line, then rows. Fields are split on commas; the last column may itself
 * contain commas (it is always free text: a source or a reason).
 */
final class CsvSheet {
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

  static CsvSheet read(String file, InputStream in, List<String> acceptedHeaders)
      throws IOException {
    requireNonNull(file, "file is null");
    List<Row> rows = new ArrayList<>();
    Optional<String> version = Optional.empty();
    String header = null;
    List<String> columns = List.of();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("#")) {
          String comment = line.substring(1).trim();
          if (comment.startsWith("version:")) {
            String value = comment.substring("version:".length()).trim();
            if (value.isEmpty() || value.contains(",") || value.contains(" ")) {
              throw new InvalidInputException(
                  file, number, "version", "must be one word without commas: '" + value + "'");
            }
            version = Optional.of(value);
          }
          continue;
        }
        if (header == null) {
          if (!acceptedHeaders.contains(line)) {
            throw new InvalidInputException(
                file,
                number,
                "header",
                "expected '" + acceptedHeaders.get(0) + "', found '" + line + "'");
          }
          header = line;
          columns = List.of(line.split(","));
          continue;
        }
        String[] fields = line.split(",", columns.size());
        if (fields.length != columns.size()) {
          throw new InvalidInputException(
              file,
              number,
              columns.get(fields.length),
              "missing: expected " + columns.size() + " fields, found " + fields.length);
        }
        rows.add(new Row(file, number, columns, fields));
      }
    }
    if (header == null) {
      throw new InvalidInputException(
          file, 1, "header", "no header line: expected '" + acceptedHeaders.get(0) + "'");
    }
    return new CsvSheet(file, version, header, rows);
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
