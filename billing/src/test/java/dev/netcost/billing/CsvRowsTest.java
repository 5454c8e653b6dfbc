package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV record reader on its own: exact fields, rows and lines, and how bad records are kept. */
class CsvRowsTest {
  /** What the reader handed over, one string per record: row@line and the fields or the reason. */
  private static final class Recorder implements RowSink {
    final List<String> events = new ArrayList<>();
    final List<List<String>> fields = new ArrayList<>();

    @Override
    public void row(Row row) {
      List<String> values = new ArrayList<>();
      for (String name : List.of("a", "b", "c")) {
        values.add((String) row.raw(name)); // untrimmed, unlike Row.text
      }
      fields.add(values);
      events.add("row " + row.row() + " line " + row.line());
    }

    @Override
    public void malformed(long row, long line, String field, String reason) {
      events.add("row " + row + " line " + line + " field " + field + ": " + reason);
    }
  }

  private static final String UNEXPECTED_Y =
      "Unexpected character ('y' (code 121)): Expected column separator character (',' (code 44))"
          + " or end-of-line";

  private static Recorder read(String csv) throws IOException {
    return read(new StringReader(csv), CsvRows.MAX_RECORD_CHARS);
  }

  private static Recorder read(Reader csv, int maxRecordChars) throws IOException {
    Recorder recorder = new Recorder();
    long rows = CsvRows.read(csv, recorder, maxRecordChars);
    assertThat(rows).isEqualTo(recorder.events.size());
    return recorder;
  }

  /** Hands the text over in pieces of 1 to 13 characters, as a slow stream would. */
  private static Reader trickling(String text) {
    return new Reader() {
      private int position;
      private int piece;

      @Override
      public int read(char[] target, int offset, int length) {
        if (position == text.length()) {
          return -1;
        }
        int count = Math.min(Math.min(length, 1 + piece++ % 13), text.length() - position);
        text.getChars(position, position + count, target, offset);
        position += count;
        return count;
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void quotedFieldsWithCommasQuotesAndLineBreaksReadWhole() throws IOException {
    Recorder recorder =
        read(
            "a,b,c\r\n"
                + "\"x, y\",\"say \"\"hi\"\"\",\"line 1\r\nline 2\"\r\n"
                + "\"\",plain text,\"Zürich, €\"\r\n"
                + "\"a\nb\rc\",\"\"\"\",\",\"\r\n");
    assertThat(recorder.events).containsExactly("row 1 line 2", "row 2 line 4", "row 3 line 5");
    assertThat(recorder.fields)
        .containsExactly(
            List.of("x, y", "say \"hi\"", "line 1\nline 2"),
            List.of("", "plain text", "Zürich, €"),
            List.of("a\nb\nc", "\"", ","));
  }

  @Test
  void whatJacksonWritesReadsBackTheSame() throws IOException {
    List<String[]> rows =
        List.of(
            new String[] {"x, y", "say \"hi\"", "line 1\nline 2"},
            new String[] {"", " padded ", "#not a comment"},
            new String[] {"\"", ",", "a\"b,c\nd"});
    StringWriter out = new StringWriter();
    try (SequenceWriter writer =
        new CsvMapper()
            .writerFor(String[].class)
            .with(
                CsvSchema.builder()
                    .addColumn("a")
                    .addColumn("b")
                    .addColumn("c")
                    .build()
                    .withHeader()
                    .withLineSeparator("\r\n"))
            .writeValues(out)) {
      writer.writeAll(rows);
    }
    Recorder recorder = read(out.toString());
    assertThat(recorder.fields)
        .containsExactly(
            List.of("x, y", "say \"hi\"", "line 1\nline 2"),
            List.of("", " padded ", "#not a comment"),
            List.of("\"", ",", "a\"b,c\nd"));
  }

  @Test
  void bomBlankLinesAndCarriageReturnLineEnds() throws IOException {
    Recorder recorder = read("\uFEFFa,b,c\r\r1,2,3\r   \r\r4,5,6\r");
    assertThat(recorder.events).containsExactly("row 1 line 3", "row 2 line 6");
    assertThat(recorder.fields).containsExactly(List.of("1", "2", "3"), List.of("4", "5", "6"));
  }

  @Test
  void badRecordsAreReportedAndTheirNeighboursKept() throws IOException {
    Recorder recorder =
        read(
            "a,b,c\n"
                + "1,2,3\n"
                + "1,\"x\"y,3\n"
                + "only,two\n"
                + "\"5\" screen\",b,c\n"
                + "7,8,9\n"
                + "1,2,3,4\n"
                + "10,11,12");
    assertThat(recorder.events)
        .containsExactly(
            "row 1 line 2",
            "row 2 line 3 field b: " + UNEXPECTED_Y,
            "row 3 line 4 field (row): has 2 fields, the header has 3",
            "row 4 line 5 field a: Unexpected character ('s' (code 115)): Expected column"
                + " separator character (',' (code 44)) or end-of-line",
            "row 5 line 6",
            "row 6 line 7 field (row): has 4 fields, the header has 3",
            "row 7 line 8");
    assertThat(recorder.fields)
        .containsExactly(List.of("1", "2", "3"), List.of("7", "8", "9"), List.of("10", "11", "12"));
  }

  @Test
  void aStrayQuoteCostsOnlyTheLineItIsOn() throws IOException {
    Recorder recorder =
        read(
            "a,b,c\r\n"
                + "1,2,3\r\n"
                + "4,\"x\"y\",6\r\n" // a stray quote after a bad character
                + "7,8,9\r\n"
                + "\"10,11,12\r\n" // opens a field that a later quote closes, two lines on
                + "13,14,15\r\n"
                + "16,\"q, r\",18\r\n"
                + "19,\"multi\r\nline\",21\r\n"
                + "22,23,24\r\n");
    assertThat(recorder.events)
        .containsExactly(
            "row 1 line 2",
            "row 2 line 3 field b: " + UNEXPECTED_Y,
            "row 3 line 4",
            "row 4 line 5 field a: Unexpected character ('q' (code 113)): Expected column"
                + " separator character (',' (code 44)) or end-of-line",
            "row 5 line 6",
            "row 6 line 7",
            "row 7 line 8",
            "row 8 line 10");
    assertThat(recorder.fields)
        .containsExactly(
            List.of("1", "2", "3"),
            List.of("7", "8", "9"),
            List.of("13", "14", "15"),
            List.of("16", "q, r", "18"),
            List.of("19", "multi\nline", "21"),
            List.of("22", "23", "24"));
  }

  @Test
  void aQuoteLeftOpenCostsOnlyTheLineItOpensOn() throws IOException {
    Recorder atTheEnd = read("a,b,c\n1,2,3\n\n4,5,6\n7,8,\"open\n");
    assertThat(atTheEnd.events)
        .containsExactly(
            "row 1 line 2", "row 2 line 4", "row 3 line 5 field c: unterminated quoted field");
    assertThat(atTheEnd.fields).containsExactly(List.of("1", "2", "3"), List.of("4", "5", "6"));

    Recorder before = read("a,b,c\n1,2,3\n\n\"open,2,3\n4,5,6\r\n\r\n7,8,9");
    assertThat(before.events)
        .containsExactly(
            "row 1 line 2",
            "row 2 line 4 field a: unterminated quoted field",
            "row 3 line 5",
            "row 4 line 7");
    assertThat(before.fields)
        .containsExactly(List.of("1", "2", "3"), List.of("4", "5", "6"), List.of("7", "8", "9"));

    // the case from the brief: after the bad character the parser would open a field at the quote
    Recorder stray = read("a,b,c\n1,\"x\"y\",3\n4,5,6\n");
    assertThat(stray.events)
        .containsExactly("row 1 line 2 field b: " + UNEXPECTED_Y, "row 2 line 3");
    assertThat(stray.fields).containsExactly(List.of("4", "5", "6"));
    // with CR line ends, a BOM and blank lines, restarting finds the same next line
    Recorder carriageReturns = read("\uFEFFa,b,c\r1,\"x\"y\",3\r\r4,5,6\r\"open\r\r7,8,9");
    assertThat(carriageReturns.events)
        .containsExactly(
            "row 1 line 2 field b: " + UNEXPECTED_Y,
            "row 2 line 4",
            "row 3 line 5 field a: unterminated quoted field",
            "row 4 line 7");
    assertThat(carriageReturns.fields)
        .containsExactly(List.of("4", "5", "6"), List.of("7", "8", "9"));
  }

  @Test
  void aRecordLongerThanTheBoundIsRejectedAndReadingGoesOn() throws IOException {
    String csv =
        "a,b,c\n"
            + "1,\"x\ny\",12345678901\n" // 20 characters with its line break: the bound
            + "1,\"x\ny\",1234567890\n" // 19
            + "123456789,123456789,1\n" // 22: too long
            + "7,\"open,9\n" // a quote left open
            + "10,11,12\n"
            + "13,14,15\n"
            + "16,17,18\n"
            + "19,20,21";
    Recorder bounded = read(new StringReader(csv), 20);
    assertThat(bounded.events)
        .containsExactly(
            "row 1 line 2",
            "row 2 line 4",
            "row 3 line 6 field c: record longer than 20 characters (a quote left open?)",
            "row 4 line 7 field b: record longer than 20 characters (a quote left open?)",
            "row 5 line 8",
            "row 6 line 9",
            "row 7 line 10",
            "row 8 line 11");
    List<List<String>> good =
        List.of(
            List.of("1", "x\ny", "12345678901"),
            List.of("1", "x\ny", "1234567890"),
            List.of("10", "11", "12"),
            List.of("13", "14", "15"),
            List.of("16", "17", "18"),
            List.of("19", "20", "21"));
    assertThat(bounded.fields).isEqualTo(good);
    // with the default bound the 22 characters are a row and the open quote runs to the end of
    // the input: the rows after it are kept all the same
    Recorder unbounded = read(csv);
    assertThat(unbounded.events)
        .containsExactly(
            "row 1 line 2",
            "row 2 line 4",
            "row 3 line 6",
            "row 4 line 7 field b: unterminated quoted field",
            "row 5 line 8",
            "row 6 line 9",
            "row 7 line 10",
            "row 8 line 11");
    List<List<String>> all = new ArrayList<>(good);
    all.add(2, List.of("123456789", "123456789", "1"));
    assertThat(unbounded.fields).isEqualTo(all);
  }

  @Test
  void manyStrayQuotesInALongTrickledFileLoseNoGoodRow() throws IOException {
    // 1,349,884 characters: several times the reader's 64 Ki buffer, restarts across its boundaries
    StringBuilder csv = new StringBuilder("a,b,c\r\n");
    List<String> expectedEvents = new ArrayList<>();
    List<List<String>> expectedFields = new ArrayList<>();
    long line = 2;
    String longText = "0123456789".repeat(300);
    for (int row = 1; row <= 30_000; row++) {
      if (row % 997 == 0) {
        csv.append(row).append(",\"x\"y\",").append(row).append("\r\n");
        expectedEvents.add("row " + row + " line " + line + " field b: " + UNEXPECTED_Y);
        line++;
      } else if (row % 101 == 0) {
        csv.append(row).append(",\"").append(longText).append("\r\n\"\"q\"\"\",x\r\n");
        expectedEvents.add("row " + row + " line " + line);
        expectedFields.add(List.of(Integer.toString(row), longText + "\n\"q\"", "x"));
        line += 2;
      } else {
        csv.append(row).append(",b").append(row).append(",c\r\n");
        expectedEvents.add("row " + row + " line " + line);
        expectedFields.add(List.of(Integer.toString(row), "b" + row, "c"));
        line++;
      }
    }
    assertThat(csv.length()).isEqualTo(1_349_884);
    Recorder recorder = read(trickling(csv.toString()), CsvRows.MAX_RECORD_CHARS);
    assertThat(recorder.events).isEqualTo(expectedEvents);
    assertThat(recorder.fields).isEqualTo(expectedFields);
    assertThat(recorder.events).hasSize(30_000);
    assertThat(recorder.fields).hasSize(30_000 - 30);
  }

  @Test
  void aBadHeaderFailsTheFileNamingIt() {
    byte[] csv = "\"a,b\nc\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> BillingExportReader.read(BillingFormat.AWS_CUR, "cur/bad.csv", csv))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Cannot read billing export cur/bad.csv")
        .cause()
        .hasMessage("cur/bad.csv: Cannot read CSV header (line 1): unterminated quoted field");
  }
}
