package dev.netcost.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The job's SparkSession. Local mode by default; {@code master} passes through so the same jar runs
 * on a real cluster. Settings that the data contract depends on (UTC, TIMESTAMP_MICROS, ZSTD,
 * java.time values) are set here and nowhere else.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(String master, String appName) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.datetime.java8API.enabled", "true")
            .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
            .config("spark.sql.parquet.compression.codec", "zstd")
            .config("spark.sql.parquet.int96AsTimestamp", "false")
            // page CRC-32s (snapshot writers set them) are checked on every read
            .config("spark.hadoop.parquet.page.verify-checksum.enabled", "true")
            .config("spark.sql.sources.partitionColumnTypeInference.enabled", "true")
            .config("spark.sql.adaptive.enabled", "true")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.debug.maxToStringFields", "200")
            // a night has hundreds of snapshot files: list them in the driver rather than with a
            // distributed listing job
            .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000")
            // checksum side files (.crc) would sit beside every table file on local disks
            .config("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
            .config("spark.hadoop.fs.file.impl.disable.cache", "true")
            // with fs.file.impl raw, FileSystem.getLocal() fails (ClassCastException), and the s3a
            // and abfs writers buffer upload blocks on local disk through it: buffer in memory
            .config("spark.hadoop.fs.s3a.fast.upload.buffer", "bytebuffer")
            .config("spark.hadoop.fs.azure.data.blocks.buffer", "bytebuffer");
    // under spark-submit the master comes from spark.master; on our own we default to local mode
    String effective = master != null ? master : System.getProperty("spark.master", "local[*]");
    builder.master(effective);
    if (effective.startsWith("local")) {
      builder
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4");
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
