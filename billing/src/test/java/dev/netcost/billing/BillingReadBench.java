package dev.netcost.billing;

import java.io.BufferedWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Not a test: run by bench/billing-read.sh. Reads a legacy CUR CSV made of the real sample's rows
 * repeated to N rows, with our reader + classifier + aggregation, and with DuckDB's CSV reader
 * summing the same network rows (the reference), best of three runs each, in the same JVM.
 */
public final class BillingReadBench {
  private BillingReadBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path sample =
        Samples.root()
            .orElseThrow(() -> new IllegalStateException("no shared/samples found"))
            .resolve("billing/aws-cur/legacy_cur_sample.csv");
    List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
    Path file = Files.createTempFile("cur-bench", ".csv");
    try {
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write(lines.get(0));
        out.newLine();
        for (int i = 0; i < rows; i++) {
          out.write(lines.get(1 + i % (lines.size() - 1)));
          out.newLine();
        }
      }
      long bytes = Files.size(file);
      long ours = Long.MAX_VALUE;
      BigDecimal oursNet = null;
      for (int run = 0; run < 3; run++) {
        long start = System.nanoTime();
        ReadResult result = BillingExportReader.read(BillingFormat.AWS_CUR, file);
        Map<ReconciliationKey, BilledNetworkCost> totals =
            BilledNetworkCosts.aggregate(result.lines(), false);
        ours = Math.min(ours, System.nanoTime() - start);
        oursNet =
            totals.values().stream()
                .map(BilledNetworkCost::netCost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
      }
      long duck = Long.MAX_VALUE;
      BigDecimal duckNet = null;
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
          Statement statement = connection.createStatement()) {
        statement.execute("SET threads = 1");
        for (int run = 0; run < 3; run++) {
          long start = System.nanoTime();
          try (ResultSet result =
              statement.executeQuery(
                  "SELECT sum(CAST(\"lineItem/UnblendedCost\" AS DECIMAL(38, 18))) FROM read_csv('"
                      + file
                      + "', all_varchar = true, header = true)"
                      + " WHERE \"product/transferType\" <> ''")) {
            result.next();
            duckNet = result.getBigDecimal(1);
          }
          duck = Math.min(duck, System.nanoTime() - start);
        }
      }
      System.out.printf(
          "rows=%d bytes=%d%nnetcost-billing read+classify+aggregate: %.0f ms, %.0f rows/s, %.1f MB/s"
              + " (network net cost %s)%n"
              + "duckdb read_csv + filter + sum (1 thread): %.0f ms, %.0f rows/s, %.1f MB/s"
              + " (network net cost %s)%n",
          rows,
          bytes,
          ours / 1e6,
          rows / (ours / 1e9),
          bytes / 1e6 / (ours / 1e9),
          oursNet.stripTrailingZeros().toPlainString(),
          duck / 1e6,
          rows / (duck / 1e9),
          bytes / 1e6 / (duck / 1e9),
          duckNet.stripTrailingZeros().toPlainString());
      if (oursNet.compareTo(duckNet) != 0) {
        throw new IllegalStateException("totals differ: " + oursNet + " vs " + duckNet);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
