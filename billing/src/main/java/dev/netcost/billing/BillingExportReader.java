package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads one billing export file into {@link BillingLine}s. Every data row becomes a line or a
 * {@link RejectedRow} naming the file, row, line and field: a bad row never loses the rows around
 * it. Only a file that cannot be read at all (not Parquet, corrupt gzip, unreadable CSV header)
 * throws, with the file name in the message.
 *
 * <p>The container is detected from the content: Parquet ({@code PAR1}), gzip (then CSV or JSON
 * lines inside), JSON lines (first character {@code {}), else CSV (UTF-8, optional BOM).
 */
public final class BillingExportReader {
  private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

  private BillingExportReader() {}

  /** Reads an export held in memory; {@code sourceFile} names it in lines and rejections. */
  public static ReadResult read(BillingFormat format, String sourceFile, byte[] content) {
    requireNonNull(format, "format is null");
    requireNonNull(sourceFile, "sourceFile is null");
    requireNonNull(content, "content is null");
    if (startsWith(content, PARQUET_MAGIC)) {
      return readParquet(format, sourceFile, ParquetRows.inMemory(content));
    }
    try {
      return readText(format, sourceFile, new ByteArrayInputStream(content));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read billing export " + sourceFile, e);
    }
  }

  /** Reads an export file; Parquet is read in place, text is streamed. */
  public static ReadResult read(BillingFormat format, Path file) {
    requireNonNull(format, "format is null");
    requireNonNull(file, "file is null");
    String sourceFile = file.toString();
    try {
      byte[] head = new byte[4];
      int length;
      try (InputStream in = Files.newInputStream(file)) {
        length = in.readNBytes(head, 0, 4);
      }
      if (length == 4 && startsWith(head, PARQUET_MAGIC)) {
        return readParquet(format, sourceFile, new LocalInputFile(file));
      }
      try (InputStream in = Files.newInputStream(file)) {
        return readText(format, sourceFile, in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read billing export " + sourceFile, e);
    }
  }

  private static ReadResult readParquet(BillingFormat format, String sourceFile, InputFile input) {
    Collector collector = new Collector(parser(format), sourceFile);
    try {
      long rows = ParquetRows.read(input, collector);
      return collector.result(rows);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot read Parquet billing export " + sourceFile + ": " + e.getMessage(), e);
    }
  }

  private static ReadResult readText(BillingFormat format, String sourceFile, InputStream raw)
      throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    InputStream text = in;
    if (first == 0x1f && second == 0x8b) {
      text = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    text.mark(4096);
    byte[] head = text.readNBytes(4096);
    text.reset();
    Collector collector = new Collector(parser(format), sourceFile);
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8), 1 << 16);
    long rows;
    if (firstNonBlank(head) == '{') {
      rows = JsonLinesRows.read(reader, collector);
    } else {
      try {
        rows = CsvRows.read(reader, collector);
      } catch (IOException e) {
        throw new IOException(sourceFile + ": " + e.getMessage(), e);
      }
    }
    return collector.result(rows);
  }

  private static int firstNonBlank(byte[] head) {
    for (byte b : head) {
      // skip a UTF-8 byte-order mark and white space
      if (b == (byte) 0xEF || b == (byte) 0xBB || b == (byte) 0xBF || Character.isWhitespace(b)) {
        continue;
      }
      return b;
    }
    return -1;
  }

  private static boolean startsWith(byte[] content, byte[] prefix) {
    if (content.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (content[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static LineParser parser(BillingFormat format) {
    return switch (format) {
      case AWS_CUR -> new AwsCurParser();
      case GCP_BILLING_EXPORT -> new GcpExportParser();
      case AZURE_COST_DETAILS -> new AzureCostDetailsParser();
      case FOCUS -> new FocusParser();
    };
  }

  private static final class Collector implements RowSink {
    private final LineParser parser;
    private final String sourceFile;
    private final List<BillingLine> lines = new ArrayList<>();
    private final List<RejectedRow> rejections = new ArrayList<>();

    Collector(LineParser parser, String sourceFile) {
      this.parser = parser;
      this.sourceFile = sourceFile;
    }

    @Override
    public void row(Row row) {
      try {
        lines.add(parser.parse(row, sourceFile));
      } catch (RowException e) {
        rejections.add(new RejectedRow(sourceFile, row.row(), row.line(), e.field(), e.reason()));
      } catch (IllegalArgumentException e) {
        rejections.add(new RejectedRow(sourceFile, row.row(), row.line(), "(row)", e.getMessage()));
      }
    }

    @Override
    public void malformed(long row, long line, String field, String reason) {
      rejections.add(new RejectedRow(sourceFile, row, line, field, reason));
    }

    ReadResult result(long rows) {
      return new ReadResult(sourceFile, rows, lines, rejections);
    }
  }
}
