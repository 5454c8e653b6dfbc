package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
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
    public void malformed(long row, long line, String reason) {
      events.add("row " + row + " line " + line + " malformed: " + reason);
    }
  }

  private static Recorder read(String csv) throws IOException {
    Recorder recorder = new Recorder();
    long rows = CsvRows.read(new StringReader(csv), recorder);
    assertThat(rows).isEqualTo(recorder.events.size());
    return recorder;
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
            "row 2 line 3 malformed: Unexpected character ('y' (code 121)): Expected column"
                + " separator character (',' (code 44)) or end-of-line",
            "row 3 line 4 malformed: has 2 fields, the header has 3",
            "row 4 line 5 malformed: Unexpected character ('s' (code 115)): Expected column"
                + " separator character (',' (code 44)) or end-of-line",
            "row 5 line 6",
            "row 6 line 7 malformed: has 4 fields, the header has 3",
            "row 7 line 8");
    assertThat(recorder.fields)
        .containsExactly(List.of("1", "2", "3"), List.of("7", "8", "9"), List.of("10", "11", "12"));
  }

  @Test
  void aQuoteLeftOpenRunsToTheEndAndIsReportedAtItsFirstLine() throws IOException {
    Recorder recorder = read("a,b,c\n1,2,3\n\n\"open,2,3\n4,5,6\n");
    assertThat(recorder.events)
        .containsExactly("row 1 line 2", "row 2 line 4 malformed: unterminated quoted field");
    // a stray quote after a bad character opens a field too (the parser resumes after the error)
    Recorder stray = read("a,b,c\n1,\"x\"y\",3\n4,5,6\n");
    assertThat(stray.events)
        .containsExactly(
            "row 1 line 2 malformed: Unexpected character ('y' (code 121)): Expected column"
                + " separator character (',' (code 44)) or end-of-line, then unterminated quoted"
                + " field");
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
