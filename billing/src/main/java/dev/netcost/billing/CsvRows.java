package dev.netcost.billing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 4180 CSV with the first record as header, streamed record by record with Jackson's CSV parser
 * (only the record being read is held): quoted fields may hold commas, quotes ({@code ""}) and line
 * breaks (a CRLF or CR inside quotes reads as LF); CRLF, LF and CR end records; a leading
 * byte-order mark is dropped; blank (empty or white-space-only) lines are skipped; fields are not
 * trimmed (a quote opens a quoted field only as the field's first character).
 *
 * <p>A malformed record costs only its first physical line. When the parser reports an error in a
 * record (a character after a closing quote other than a separator or line end), reaches the end of
 * the input inside an open quote, or the record grows past {@link #MAX_RECORD_CHARS} characters,
 * the record that started at line L is reported as malformed, naming the field being read, and
 * parsing starts again, with a fresh parser, at the start of line L + 1. So a stray quote that
 * opens a field by mistake swallows nothing: the lines after it are read again as records. A record
 * that parses but has the wrong number of fields is reported whole (its quoted line breaks
 * included) and reading goes on after it.
 */
final class CsvRows {
  /**
   * The most characters (UTF-16 units, from the record's first character to its line break
   * included) one record may take; a longer one is malformed. Also the bound on what is held to
   * read again after a malformed record.
   */
  static final int MAX_RECORD_CHARS = 1 << 20;

  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE) // parsers are replaced on one input
          .build();
  private static final String MISSING_CLOSING_QUOTE = "Missing closing quote";

  private CsvRows() {}

  /** Reads every record, handing data rows to {@code sink}; returns the number of data rows. */
  static long read(Reader input, RowSink sink) throws IOException {
    return read(input, sink, MAX_RECORD_CHARS);
  }

  /** As {@link #read(Reader, RowSink)} with another bound on a record's length (tests). */
  static long read(Reader input, RowSink sink, int maxRecordChars) throws IOException {
    PushbackReader reader = new PushbackReader(input, 1);
    int first = reader.read();
    if (first != '\uFEFF' && first != -1) {
      reader.unread(first);
    }
    Records records = new Records(new ReplayReader(reader, maxRecordChars), maxRecordChars);
    try {
      return records.readAll(sink);
    } finally {
      records.close();
    }
  }

  /** The record-level view of the parser's token stream: one record per inner array. */
  private static final class Records {
    private final ReplayReader input;
    private final int maxRecordChars;
    private CsvParser parser;

    /** The absolute line before the current parser's line 1. */
    private long lineBase;

    /** The absolute character offset of the current parser's offset 0. */
    private long offsetBase;

    Records(ReplayReader input, int maxRecordChars) throws IOException {
      this.input = input;
      this.maxRecordChars = maxRecordChars;
      open();
    }

    /** A parser from the input's current position, standing in the outer array. */
    private void open() throws IOException {
      parser = (CsvParser) CSV.getFactory().createParser(input);
      parser.setSchema(CsvSchema.emptySchema());
      JsonToken outer = parser.nextToken();
      if (outer != JsonToken.START_ARRAY && outer != null) {
        throw new IOException("Unexpected CSV token " + outer + " at line " + (lineBase + 1));
      }
    }

    void close() throws IOException {
      parser.close();
    }

    long readAll(RowSink sink) throws IOException {
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
          String field = record.field < names.size() ? names.get(record.field) : "(row)";
          sink.malformed(rowNumber, record.startLine, field, record.error);
          restartAfterFirstLineOf(record);
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

    /**
     * A record; {@code error} set when it is malformed, {@code field} then the index of the field
     * being read.
     */
    private record Record(
        List<String> fields, long startLine, long start, String error, int field) {}

    /** The next record, or null at the end of the input. */
    private Record next() throws IOException {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return null; // the end of the outer array, or of the input
      }
      // blank lines before the record are already skipped: the parser stands at its first line.
      // Jackson reports the offset one before the character it stands on (-1 at the start); one
      // past it is still on the record's first line, which is all restarting needs.
      JsonLocation location = parser.currentLocation();
      long startLine = lineBase + location.getLineNr();
      long start = offsetBase + Math.max(0, location.getCharOffset() + 1);
      input.beginRecord(start);
      List<String> fields = new ArrayList<>();
      while (true) {
        JsonToken token;
        try {
          token = parser.nextToken();
        } catch (JsonProcessingException e) {
          String problem =
              input.truncated()
                  ? tooLong()
                  : e.getOriginalMessage().startsWith(MISSING_CLOSING_QUOTE)
                      ? "unterminated quoted field"
                      : e.getOriginalMessage();
          return new Record(fields, startLine, start, problem, fields.size());
        }
        if (input.truncated()) {
          return new Record(fields, startLine, start, tooLong(), fields.size());
        }
        if (token == null || token == JsonToken.END_ARRAY) {
          // the parser stands on the record's last character (its line break, if it has one); at
          // the end of the input it reports an offset past it: the last character read is the end
          long end =
              Math.min(
                  offsetBase + Math.max(0, parser.currentLocation().getCharOffset()),
                  input.delivered() - 1);
          if (end - start + 1 > maxRecordChars) {
            // the bound on reading catches only what the parser had not read ahead
            return new Record(fields, startLine, start, tooLong(), Math.max(0, fields.size() - 1));
          }
          input.endRecord(end);
          return new Record(fields, startLine, start, null, -1);
        }
        if (token != JsonToken.VALUE_STRING) {
          throw new IOException("Unexpected CSV token " + token + " at line " + startLine);
        }
        fields.add(lineFeeds(parser.getText()));
      }
    }

    private String tooLong() {
      return "record longer than " + maxRecordChars + " characters (a quote left open?)";
    }

    /** A fresh parser from the start of the line after the malformed record's first line. */
    private void restartAfterFirstLineOf(Record record) throws IOException {
      parser.close();
      offsetBase = input.restartAfterLine(record.start);
      lineBase = record.startLine;
      open();
    }

    /**
     * Jackson keeps a quoted line break as written; CRLF and CR read as LF, as they always have.
     */
    private static String lineFeeds(String field) {
      return field.indexOf('\r') < 0 ? field : field.replace("\r\n", "\n").replace('\r', '\n');
    }
  }

  /**
   * The reader under the parser. It keeps the characters from the start of the record being parsed
   * (at most the record bound plus one read-ahead), so that parsing can start again after that
   * record's first line, and it ends the input early for a record longer than the bound. Between
   * records it keeps only from the last line break handed out. Offsets are absolute (characters
   * since the start of the input).
   */
  static final class ReplayReader extends Reader {
    private final Reader in;
    private final int maxRecordChars;
    private char[] buffer = new char[1 << 16];

    /** The absolute offset of {@code buffer[0]}. */
    private long base;

    private int filled;

    /** The absolute offset of the next character handed to the parser. */
    private long position;

    /** Characters from here on are kept. */
    private long keepFrom;

    /** The parser gets no character at or past this offset (the record bound). */
    private long limit = Long.MAX_VALUE;

    private boolean inRecord;
    private boolean truncated;
    private boolean ended;

    ReplayReader(Reader in, int maxRecordChars) {
      this.in = in;
      this.maxRecordChars = maxRecordChars;
    }

    /** The parser started a record at {@code start}: keep from there and bound its length. */
    void beginRecord(long start) {
      if (start < base || start > position) {
        throw new IllegalStateException(
            "record start " + start + " outside the kept input " + base + ".." + position);
      }
      keepFrom = start;
      limit = start + (long) maxRecordChars;
      inRecord = true;
    }

    /** The record ended well at {@code end} (at or before the next record's start). */
    void endRecord(long end) {
      keepFrom = Math.max(keepFrom, Math.min(end, position));
      limit = Long.MAX_VALUE;
      inRecord = false;
    }

    /** The absolute offset after the last character handed to the parser. */
    long delivered() {
      return position;
    }

    /** Whether the parser was given an early end of input because a record passed the bound. */
    boolean truncated() {
      return truncated;
    }

    /**
     * Positions the input at the start of the line after the one holding {@code lineOffset} (after
     * its LF, CR or CRLF; at the end of the input if there is none) and returns that offset.
     */
    long restartAfterLine(long lineOffset) throws IOException {
      long at = lineOffset;
      while (true) {
        if (at >= base + filled && !fill(at)) {
          break;
        }
        char c = buffer[(int) (at - base)];
        at++;
        if (c == '\n') {
          break;
        }
        if (c == '\r') {
          if ((at < base + filled || fill(at)) && buffer[(int) (at - base)] == '\n') {
            at++;
          }
          break;
        }
      }
      position = at;
      keepFrom = at;
      limit = Long.MAX_VALUE;
      inRecord = false;
      truncated = false;
      return at;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (position >= limit) {
        truncated = true;
        return -1;
      }
      if (position >= base + filled && !fill(inRecord ? keepFrom : afterLastLineBreak())) {
        return -1;
      }
      int count = (int) Math.min(length, Math.min(base + filled, limit) - position);
      System.arraycopy(buffer, (int) (position - base), target, offset, count);
      position += count;
      return count;
    }

    /**
     * Between records the parser asks for more only when it has used all it was given, so the next
     * record starts after the last line break handed out (blank lines need not be kept).
     */
    private long afterLastLineBreak() {
      for (int i = (int) (position - base) - 1; i >= 0 && base + i >= keepFrom; i--) {
        if (buffer[i] == '\n' || buffer[i] == '\r') {
          keepFrom = base + i + 1;
          break;
        }
      }
      return keepFrom;
    }

    /** Reads more input, dropping what comes before {@code keep}; false at the end of input. */
    private boolean fill(long keep) throws IOException {
      if (ended) {
        return false;
      }
      if (filled == buffer.length) {
        int drop = (int) Math.min(Math.max(0, keep - base), filled);
        if (drop > 0) {
          System.arraycopy(buffer, drop, buffer, 0, filled - drop);
          base += drop;
          filled -= drop;
        }
        if (filled == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
      }
      int count;
      do {
        count = in.read(buffer, filled, buffer.length - filled);
      } while (count == 0);
      if (count < 0) {
        ended = true;
        return false;
      }
      filled += count;
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
