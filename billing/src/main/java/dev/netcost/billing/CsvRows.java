package dev.netcost.billing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV with the first record as header, streamed record by record with Jackson's CSV parser
 * (nothing but the current record is held): quoted fields may hold commas, quotes ({@code ""}) and
 * line breaks (a CRLF or CR inside quotes reads as LF); CRLF, LF and CR end records; a leading
 * byte-order mark is dropped; blank (empty or white-space-only) lines are skipped; fields are not
 * trimmed (a quote opens a quoted field only as the field's first character).
 *
 * <p>A record with the wrong number of fields, or a character other than a separator or line end
 * after a closing quote, is reported as malformed (with Jackson's one-line description) and reading
 * goes on with the next record. A quote left open runs to the end of the input, as in any CSV
 * reader: that last record is reported as {@code unterminated quoted field}.
 */
final class CsvRows {
  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .build();
  private static final String MISSING_CLOSING_QUOTE = "Missing closing quote";

  private CsvRows() {}

  /** Reads every record, handing data rows to {@code sink}; returns the number of data rows. */
  static long read(Reader input, RowSink sink) throws IOException {
    PushbackReader reader = new PushbackReader(input, 1);
    int first = reader.read();
    if (first != '\uFEFF' && first != -1) {
      reader.unread(first);
    }
    try (CsvParser parser = (CsvParser) CSV.getFactory().createParser(reader)) {
      parser.setSchema(CsvSchema.emptySchema());
      return new Records(parser).readAll(sink);
    }
  }

  /** The record-level view of the parser's token stream: one record per inner array. */
  private static final class Records {
    private final CsvParser parser;
    private long lastErrorOffset = -1;

    Records(CsvParser parser) {
      this.parser = parser;
    }

    long readAll(RowSink sink) throws IOException {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return 0;
      }
      Record header = next();
      if (header == null) {
        return 0;
      }
      if (header.error != null) {
        throw new IOException(
            "Cannot read CSV header (line " + header.startLine + "): " + header.error);
      }
      List<String> names = new ArrayList<>();
      Row.CsvHeader index = new Row.CsvHeader();
      for (String name : header.fields) {
        index.add(name.trim(), names.size());
        names.add(name.trim());
      }
      long rowNumber = 0;
      Record record;
      while ((record = next()) != null) {
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
        sink.row(Row.csv(index, record.fields, rowNumber, record.startLine));
      }
      return rowNumber;
    }

    private record Record(List<String> fields, long startLine, String error) {}

    /** The next record, or null at the end of the input. */
    private Record next() throws IOException {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_ARRAY) {
        return null; // the end of the outer array, or of the input
      }
      // blank lines before the record are already skipped: the parser stands at its first line
      long startLine = parser.currentLocation().getLineNr();
      List<String> fields = new ArrayList<>();
      String error = null;
      while (true) {
        try {
          token = parser.nextToken();
        } catch (JsonProcessingException e) {
          String problem = e.getOriginalMessage();
          if (problem.startsWith(MISSING_CLOSING_QUOTE)) {
            String unterminated = "unterminated quoted field";
            return new Record(
                fields, startLine, error == null ? unterminated : error + ", then " + unterminated);
          }
          guardProgress(e);
          if (error == null) {
            error = problem;
          }
          continue; // the parser resumes after the bad character, within the same record
        }
        if (token == null) {
          return new Record(fields, startLine, error);
        }
        switch (token) {
          case VALUE_STRING -> fields.add(lineFeeds(parser.getText()));
          case END_ARRAY -> {
            return new Record(fields, startLine, error);
          }
          default ->
              throw new IOException("Unexpected CSV token " + token + " at line " + startLine);
        }
      }
    }

    /**
     * Jackson keeps a quoted line break as written; CRLF and CR read as LF, as they always have.
     */
    private static String lineFeeds(String field) {
      return field.indexOf('\r') < 0 ? field : field.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Two errors at one input position would mean the parser does not advance: stop. */
    private void guardProgress(JsonProcessingException e) throws IOException {
      JsonLocation location = e.getLocation();
      long offset = location == null ? -1 : location.getCharOffset();
      if (offset >= 0 && offset == lastErrorOffset) {
        throw new IOException("Cannot read CSV past line " + location.getLineNr(), e);
      }
      lastErrorOffset = offset;
    }
  }
}
