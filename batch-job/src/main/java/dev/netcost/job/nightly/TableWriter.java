package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Replaces one date's partition of a table. Spark writes to a staging directory of this run; the
 * files are then renamed to deterministic names ({@code part-00000.zstd.parquet}, …) and moved into
 * {@code tables/NAME/date=D/} after the old partition is removed. Rows are sorted within each file,
 * so the same input gives byte-identical files, and re-running a date replaces that date and
 * nothing else. On object stores the swap is not atomic, but it is idempotent: a failed run is
 * repaired by running the date again.
 */
final class TableWriter {
  private final SparkSession spark;
  private final String storeRoot;
  private final String runId;

  TableWriter(SparkSession spark, String storeRoot, String runId) {
    this.spark = requireNonNull(spark, "spark is null");
    this.storeRoot = requireNonNull(storeRoot, "storeRoot is null");
    this.runId = requireNonNull(runId, "runId is null");
  }

  /** Writes {@code rows} as {@code files} Parquet files, hash-partitioned by {@code spreadBy}. */
  void replaceParquet(
      String table, LocalDate date, Dataset<Row> rows, int files, Column spreadBy, Column... sortBy)
      throws IOException {
    Dataset<Row> laidOut = files == 1 ? rows.coalesce(1) : rows.repartition(files, spreadBy);
    Path staging = staging(table);
    laidOut
        .sortWithinPartitions(sortBy)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(staging.toString());
    publish(staging, partition(table, date), ".zstd.parquet");
  }

  /** Writes {@code rows} as one CSV file with a header under {@code directory}. */
  void replaceCsv(String directory, Dataset<Row> rows, Column... sortBy) throws IOException {
    Path staging = staging(directory.replace('/', '_'));
    rows.coalesce(1)
        .sortWithinPartitions(sortBy)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", "true")
        .option("escape", "\"")
        .csv(staging.toString());
    publish(staging, new Path(storeRoot, directory), ".csv");
  }

  Path partition(String table, LocalDate date) {
    return new Path(storeRoot, "tables/" + table + "/date=" + date);
  }

  private Path staging(String name) {
    return new Path(storeRoot, "tables/_staging/" + runId + "/" + name);
  }

  private void publish(Path staging, Path target, String suffix) throws IOException {
    FileSystem fs = staging.getFileSystem(spark.sparkContext().hadoopConfiguration());
    FileStatus[] parts =
        fs.listStatus(
            staging,
            path -> path.getName().startsWith("part-") && !path.getName().endsWith(".crc"));
    Arrays.sort(parts, Comparator.comparing(status -> status.getPath().getName()));
    if (fs.exists(target)) {
      fs.delete(target, true);
    }
    fs.mkdirs(target);
    for (int i = 0; i < parts.length; i++) {
      Path destination = new Path(target, String.format("part-%05d%s", i, suffix));
      if (!fs.rename(parts[i].getPath(), destination)) {
        throw new IOException("Cannot move " + parts[i].getPath() + " to " + destination);
      }
    }
    fs.delete(staging, true);
    // Remove the run's staging directory, and the staging root, once no file is left under them.
    // Files, not entries: object stores may keep directory markers or empty prefixes after their
    // last object is gone, and those must not keep a staging directory alive.
    Path runStaging = staging.getParent();
    if (!containsFiles(fs, runStaging)) {
      fs.delete(runStaging, true);
      Path stagingRoot = runStaging.getParent();
      if (!containsFiles(fs, stagingRoot)) {
        fs.delete(stagingRoot, true);
      }
    }
  }

  private static boolean containsFiles(FileSystem fs, Path directory) throws IOException {
    if (!fs.exists(directory)) {
      return false;
    }
    return fs.listFiles(directory, true).hasNext();
  }
}
