package dev.netcost.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.FileStatusCache;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.InMemoryFileIndex;
import org.apache.spark.sql.execution.datasources.PartitionSpec;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Parquet files the caller has already listed (the nightly job's snapshot catalog), read through
 * Spark's Parquet source without Spark touching the store again before the scan. {@code
 * spark.read().parquet(paths…)} checks that each path exists and then lists each one, one after
 * another on the driver: on S3 two or more requests per file, 29.7 s for a 24,000-file day from
 * S3Proxy (docs/benchmarks.md). Here Spark's file index is given the listed files' statuses (path,
 * length, modification time) instead.
 */
public final class ListedParquet {
  private ListedParquet() {}

  /** A listed file: its full URI, length in bytes and modification time (epoch milliseconds). */
  public record ListedFile(String path, long lengthBytes, long modificationTimeMillis) {}

  /**
   * The rows of {@code files} (each non-empty) with {@code schema}, as {@code
   * spark.read().schema(schema).parquet(paths…)} would read them (same {@code _metadata} columns;
   * no partition columns).
   */
  public static Dataset<Row> read(SparkSession spark, List<ListedFile> files, StructType schema) {
    Configuration hadoop = spark.sessionState().newHadoopConf();
    List<Path> paths = new ArrayList<>(files.size());
    Map<Path, FileStatus[]> statuses = new HashMap<>();
    Map<String, FileSystem> systems = new HashMap<>();
    for (ListedFile file : files) {
      Path path = new Path(file.path());
      FileSystem fs =
          systems.computeIfAbsent(
              path.toUri().getScheme() + "://" + path.toUri().getAuthority(),
              key -> fileSystem(path, hadoop));
      // qualified as Spark's index qualifies root paths before looking them up
      Path qualified = fs.makeQualified(path);
      paths.add(qualified);
      statuses.put(
          qualified,
          new FileStatus[] {
            new FileStatus(
                file.lengthBytes(),
                false,
                1,
                fs.getDefaultBlockSize(qualified),
                file.modificationTimeMillis(),
                qualified)
          });
    }
    InMemoryFileIndex index =
        new InMemoryFileIndex(
            spark,
            CollectionConverters.asScala(paths).toSeq(),
            emptyOptions(),
            Option.apply(schema),
            new Listed(statuses),
            Option.apply(PartitionSpec.emptySpec()),
            Option.empty());
    HadoopFsRelation relation =
        new HadoopFsRelation(
            index,
            new StructType(),
            schema,
            Option.empty(),
            new ParquetFileFormat(),
            emptyOptions(),
            spark);
    return spark.baseRelationToDataFrame(relation);
  }

  private static FileSystem fileSystem(Path path, Configuration hadoop) {
    try {
      return path.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + path, e);
    }
  }

  private static scala.collection.immutable.Map<String, String> emptyOptions() {
    return scala.collection.immutable.Map$.MODULE$.<String, String>empty();
  }

  /** The listing as Spark's file status cache: every path is a file the catalog listed. */
  private static final class Listed extends FileStatusCache {
    private final Map<Path, FileStatus[]> statuses;

    Listed(Map<Path, FileStatus[]> statuses) {
      this.statuses = statuses;
    }

    @Override
    public Option<FileStatus[]> getLeafFiles(Path path) {
      return Option.apply(statuses.get(path));
    }

    @Override
    public void putLeafFiles(Path path, FileStatus[] files) {}

    @Override
    public void invalidateAll() {}
  }
}
