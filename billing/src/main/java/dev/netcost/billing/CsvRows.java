package dev.netcost.billing;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV with the first record as header: quoted fields may hold commas, quotes ({@code ""})
 * and line breaks; CRLF, LF and CR end records; a leading byte-order mark is dropped; blank lines
 * are skipped. A record with the wrong number of fields or an unterminated quote is reported as
 * malformed and reading goes on with the next record.
 */
final class CsvRows {
  private static final int EOF = -1;

  private final Reader reader;
  private final char[] buffer = new char[1 << 16];
  private int position;
  private int limit;
  private int pushedBack = Integer.MIN_VALUE;
  private long line = 1;

  private CsvRows(Reader reader) {
    this.reader = reader;
  }

  /** Reads every record, handing data rows to {@code sink}; returns the number of data rows. */
  static long read(Reader reader, RowSink sink) throws IOException {
    return new CsvRows(reader).readAll(sink);
  }

  private long readAll(RowSink sink) throws IOException {
    int first = next();
    if (first != '\uFEFF' && first != EOF) {
      pushedBack = first;
    }
    Record headerRecord = nextRecord();
    if (headerRecord == null) {
      return 0;
    }
    if (headerRecord.error != null) {
      throw new IOException("Cannot read CSV header: " + headerRecord.error);
    }
    List<String> names = new ArrayList<>();
    Row.CsvHeader header = new Row.CsvHeader();
    for (String name : headerRecord.fields) {
      header.add(name.trim(), names.size());
      names.add(name.trim());
    }
    long rowNumber = 0;
    Record record;
    while ((record = nextRecord()) != null) {
      rowNumber++;
      if (record.error != null) {
        sink.malformed(rowNumber, record.startLine, record.error);
        continue;
      }
      if (record.fields.size() != names.size()) {
        sink.malformed(
            rowNumber,
            record.startLine,
            "has " + record.fields.size() + " fields, the header has " + names.size());
        continue;
      }
      sink.row(Row.csv(header, record.fields, rowNumber, record.startLine));
    }
    return rowNumber;
  }

  private record Record(List<String> fields, long startLine, String error) {}

  private int next() throws IOException {
    if (pushedBack != Integer.MIN_VALUE) {
      int c = pushedBack;
      pushedBack = Integer.MIN_VALUE;
      return c;
    }
    if (position == limit) {
      limit = reader.read(buffer, 0, buffer.length);
      position = 0;
      if (limit <= 0) {
        limit = 0;
        return EOF;
      }
    }
    return buffer[position++];
  }

  /** The next non-blank record, or null at the end of input. */
  private Record nextRecord() throws IOException {
    while (true) {
      int c = next();
      if (c == EOF) {
        return null;
      }
      if (c == '\n') {
        line++;
        continue;
      }
      if (c == '\r') {
        skipLineFeed();
        line++;
        continue;
      }
      pushedBack = c;
      return parseRecord();
    }
  }

  private void skipLineFeed() throws IOException {
    int c = next();
    if (c != '\n' && c != EOF) {
      pushedBack = c;
    }
  }

  private Record parseRecord() throws IOException {
    long startLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    String error = null;
    boolean quoted = false;
    boolean afterQuote = false;
    while (true) {
      int c = next();
      if (quoted) {
        if (c == EOF) {
          fields.add(field.toString());
          return new Record(fields, startLine, "unterminated quoted field");
        }
        if (c == '"') {
          int following = next();
          if (following == '"') {
            field.append('"');
          } else {
            pushedBack = following;
            quoted = false;
            afterQuote = true;
          }
          continue;
        }
        if (c == '\n' || (c == '\r')) {
          if (c == '\r') {
            skipLineFeed();
          }
          line++;
          field.append('\n');
          continue;
        }
        field.append((char) c);
        continue;
      }
      if (c == ',' || c == '\n' || c == '\r' || c == EOF) {
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
        if (c == ',') {
          continue;
        }
        if (c == '\r') {
          skipLineFeed();
        }
        if (c != EOF) {
          line++;
        }
        return new Record(fields, startLine, error);
      }
      if (c == '"' && field.length() == 0 && !afterQuote) {
        quoted = true;
        continue;
      }
      if (afterQuote && error == null) {
        error = "unexpected character '" + (char) c + "' after a closing quote";
      }
      field.append((char) c);
    }
  }
}
