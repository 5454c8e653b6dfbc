package dev.netcost.billing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: run by bench/billing-csv-read.sh. The CSV layer alone ({@link CsvRows}, records split
 * into fields, no billing lines) over N synthetic rows of ten numeric columns, clean and with a
 * stray quote opening every 1,000th row; best of runs 2–6 in one JVM, with the rows kept and
 * rejected.
 */
public final class CsvReadBench {
  private CsvReadBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path clean = Files.createTempFile("csv-bench-clean", ".csv");
    Path stray = Files.createTempFile("csv-bench-stray", ".csv");
    try {
      write(clean, rows, false);
      write(stray, rows, true);
      measure("clean", clean);
      measure("stray quote every 1000th row", stray);
    } finally {
      Files.deleteIfExists(clean);
      Files.deleteIfExists(stray);
    }
  }

  private static void write(Path file, int rows, boolean strayQuotes) throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\n");
      for (long row = 1; row <= rows; row++) {
        if (strayQuotes && row % 1000 == 0) {
          out.write('"');
        }
        for (int column = 0; column < 10; column++) {
          out.write((column == 0 ? "" : ",") + (row * 10 + column));
        }
        out.write('\n');
      }
    }
  }

  private static void measure(String name, Path file) throws Exception {
    long best = Long.MAX_VALUE;
    long[] counts = new long[2];
    for (int run = 1; run <= 6; run++) {
      counts[0] = 0;
      counts[1] = 0;
      long start = System.nanoTime();
      try (Reader in =
          new BufferedReader(
              new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
        CsvRows.read(
            in,
            new RowSink() {
              @Override
              public void row(Row row) {
                counts[0]++;
              }

              @Override
              public void malformed(long row, long line, String field, String reason) {
                counts[1]++;
              }
            });
      }
      if (run > 1) {
        best = Math.min(best, System.nanoTime() - start);
      }
    }
    System.out.printf(
        "%s: %d bytes, %d rows kept, %d rejected, best %.0f ms, %.0f rows/s%n",
        name,
        Files.size(file),
        counts[0],
        counts[1],
        best / 1e6,
        (counts[0] + counts[1]) / (best / 1e9));
  }
}
