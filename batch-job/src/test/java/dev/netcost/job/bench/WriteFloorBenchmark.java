package dev.netcost.job.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.spark.SparkSessions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.StringJoiner;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The least a Spark job writing network_flows must do, against DuckDB doing the same
 * (bench/spark-floor.sh). Not a test: it prints times. Two steps on a day the nightly job has
 * already processed: <b>scan</b>, the day's flow snapshots read and their sent bytes summed per
 * node; <b>write</b>, the job's network_flows files read and written again as the job lays them out
 * (its number of files, hash-partitioned by source, each sorted by the job's order, ZSTD, the job's
 * Parquet settings). Neither step resolves owners, prices or checks anything: their time is a floor
 * under the nightly job's, on the same JVM settings and Spark session.
 */
public final class WriteFloorBenchmark {
  private static final String DAY = "2026-11-01";

  /**
   * {@code spark DIRECTORY THREADS RUNS} or {@code duckdb DIRECTORY THREADS MEMORY_LIMIT}:
   * DIRECTORY holds a generated day and the nightly job's tables for it.
   */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[1]).toAbsolutePath();
    int threads = Integer.parseInt(args[2]);
    String snapshots = directory + "/flows/cluster=*/date=" + DAY + "/hour=*/node=*/*.parquet";
    String networkFlows = directory + "/tables/network_flows/date=" + DAY;
    Path out = directory.resolve("floor-out");
    if (args[0].equals("spark")) {
      int runs = Integer.parseInt(args[3]);
      long start = System.nanoTime();
      SparkSession spark = SparkSessions.create("local[" + threads + "]", "netcost-floor");
      spark.range(1).count();
      System.out.printf("spark session start: %.1f s (local[%d])%n", seconds(start), threads);
      for (int run = 1; run <= runs; run++) {
        long scan = System.nanoTime();
        int nodes =
            spark
                .read()
                .parquet(snapshots)
                .groupBy("node")
                .agg(sum("sent_bytes"))
                .collectAsList()
                .size();
        double scanSeconds = seconds(scan);
        long write = System.nanoTime();
        Dataset<Row> rows = spark.read().parquet(networkFlows);
        long count = rows.count();
        int files = NightlyJob.networkFlowsFiles(count, spark.sparkContext().defaultParallelism());
        rows.repartition(files, xxhash64(col("source_file"), col("source_row")))
            .sortWithinPartitions(NightlyJob.networkFlowsOrder())
            .write()
            .mode(SaveMode.Overwrite)
            .options(NightlyJob.NETWORK_FLOWS_PARQUET)
            .parquet(out.resolve("spark").toString());
        System.out.printf(
            "run %d: scan %.1f s (%d nodes), write %.1f s (%,d rows, %d files)%n",
            run, scanSeconds, nodes, seconds(write), count, files);
      }
      spark.stop();
    } else {
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
          Statement sql = connection.createStatement()) {
        sql.execute("SET threads = " + threads);
        sql.execute("SET memory_limit = '" + args[3] + "'");
        sql.execute("SET temp_directory = '" + out + "/duckdb-spill'");
        long scan = System.nanoTime();
        int nodes;
        try (ResultSet result =
            sql.executeQuery(
                "SELECT count(*) FROM (SELECT node, sum(sent_bytes) FROM read_parquet('"
                    + snapshots
                    + "') GROUP BY node)")) {
          result.next();
          nodes = result.getInt(1);
        }
        double scanSeconds = seconds(scan);
        long write = System.nanoTime();
        StringJoiner order = new StringJoiner(", ");
        for (Column column : NightlyJob.networkFlowsOrder()) {
          order.add(column.toString());
        }
        sql.execute(
            "COPY (SELECT * FROM read_parquet('"
                + networkFlows
                + "/*.parquet') ORDER BY "
                + order
                + ") TO '"
                + out
                + "/duckdb.parquet' (FORMAT parquet, COMPRESSION zstd)");
        System.out.printf(
            "duckdb: scan %.1f s (%d nodes), write %.1f s (threads=%d, memory_limit=%s)%n",
            scanSeconds, nodes, seconds(write), threads, args[3]);
      }
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
