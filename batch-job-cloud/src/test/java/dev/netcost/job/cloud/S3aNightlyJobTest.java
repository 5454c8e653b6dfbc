package dev.netcost.job.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.IpPrefix;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.pricing.PriceBook;
import dev.netcost.store.LocalObjectStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job reads its snapshots from and writes its tables to S3 through Spark's own s3a
 * connector (hadoop-aws), against S3Proxy in-process on 127.0.0.1. The same generated day is
 * processed from a local directory too; the two stores must end up with the same tables.
 */
final class S3aNightlyJobTest {
  private static final String BUCKET = "netcost-s3a";
  private static final LocalDate DAY = LocalDate.parse("2026-11-01");

  private static S3ProxyProcess proxy;
  private static SparkSession spark;
  private static Path local;

  @BeforeAll
  static void start(@TempDir Path directory) throws Exception {
    proxy = S3ProxyProcess.start(BUCKET, directory);
    spark = LocalSpark.get();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    proxy.s3aSettings(BUCKET).forEach(hadoop::set);

    // one small generated day, written as the collectors write it
    local = directory.resolve("local");
    new ClusterGenerator(new ClusterGenerator.Options("demo", DAY, 1, 7L, 3), PriceBook.bundled())
        .generate(new LocalObjectStore(local));
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }

  private static NightlyJob.Config config(String storeRoot) {
    return new NightlyJob.Config(
        storeRoot,
        DAY,
        "aws",
        List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
        dev.netcost.job.attribution.RunPricing.defaults(),
        "USD",
        false);
  }

  @Test
  void tablesWrittenOnS3aEqualTablesWrittenOnALocalDirectory() throws Exception {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String localRoot = local.toUri().toString();
    String s3Root = "s3a://" + BUCKET + "/tenant-a/netcost";

    // the snapshots go up through s3a as well (the collectors would use netcost-store-s3)
    FileSystem localFs = FileSystem.get(URI.create(localRoot), hadoop);
    FileSystem s3a = FileSystem.get(URI.create(s3Root), hadoop);
    assertThat(s3a.getClass().getName()).isEqualTo("org.apache.hadoop.fs.s3a.S3AFileSystem");
    for (String prefix : List.of("flows", "metadata")) {
      assertThat(
              FileUtil.copy(
                  localFs,
                  new org.apache.hadoop.fs.Path(localRoot, prefix),
                  s3a,
                  new org.apache.hadoop.fs.Path(s3Root, prefix),
                  false,
                  hadoop))
          .isTrue();
    }

    NightlyJob.Summary onLocal = NightlyJob.run(spark, config(localRoot));
    long listingsBefore = operations(s3a, "op_list_status") + operations(s3a, "op_exists");
    NightlyJob.Summary onS3 = NightlyJob.run(spark, config(s3Root));
    long listings =
        operations(s3a, "op_list_status") + operations(s3a, "op_exists") - listingsBefore;
    // Spark's scans are given the catalog's listing: no snapshot is checked for existence or
    // listed one by one (a store request each), only the tables' staging and commit directories
    System.out.printf("s3a list-status and exists calls in the run: %d%n", listings);
    assertThat(listings).isLessThan(onS3.flowFiles() + onS3.metadataFiles());

    // the job read the snapshots from S3: every network_flows row names an s3a object
    assertThat(onS3.flowFiles()).isEqualTo(onLocal.flowFiles()).isPositive();
    assertThat(onS3.metadataFiles()).isEqualTo(onLocal.metadataFiles()).isPositive();
    assertThat(onS3.rejectedFiles()).isEmpty();
    assertThat(onS3.rowsQuarantined()).isZero();
    assertThat(onS3.flowRowsRead()).isEqualTo(onLocal.flowRowsRead()).isPositive();
    assertThat(onS3.rowsWritten()).isEqualTo(onLocal.rowsWritten()).isPositive();
    assertThat(onS3.rowsUnpriced()).isEqualTo(onLocal.rowsUnpriced());
    assertThat(onS3.bytesUnpriced()).isEqualTo(onLocal.bytesUnpriced());
    assertThat(onS3.ownershipIntervals()).isEqualTo(onLocal.ownershipIntervals());
    assertThat(onS3.teams()).isEqualTo(onLocal.teams());
    assertThat(
            spark
                .read()
                .parquet(s3Root + "/tables/network_flows/date=" + DAY)
                .select("source_file")
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .hasSize(onS3.flowFiles())
        .allSatisfy(
            file -> assertThat(file).startsWith(s3Root + "/flows/cluster=demo/date=" + DAY));

    // the same tables on both stores, one file each, and nothing else: staging moved away, no
    // _SUCCESS markers; file names are content-addressed (part-NNNNN-<sha256 prefix>), the commit
    // log and leases live under tables/_commits and tables/_leases
    Map<String, byte[]> localFiles = Tables.files(hadoop, localRoot);
    Map<String, byte[]> s3Files = Tables.files(hadoop, s3Root);
    assertThat(s3Files.keySet())
        .filteredOn(k -> !k.startsWith("tables/_"))
        .hasSize(4)
        .allSatisfy(
            k ->
                assertThat(k)
                    .matches(
                        "tables/(chargeback_daily|egress_volume_daily|network_flows|run_log)/date="
                            + DAY
                            + "/part-00000-[0-9a-f]{16}\\.zstd\\.parquet"));
    // nothing is left under the staging root: no object at all (S3Proxy's file-system backend keeps
    // a real directory for a prefix, and now and then an emptied one survives a concurrent bulk
    // delete, so "exists" can be true of a prefix without objects, which S3 itself never has)
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(s3Root, "tables/_staging");
    assertThat(!s3a.exists(staging) || !s3a.listFiles(staging, true).hasNext())
        .as("objects under " + staging)
        .isTrue();
    assertThat(s3Files.keySet()).noneMatch(k -> k.startsWith("tables/_staging"));
    assertThat(s3Files.keySet()).anyMatch(k -> k.startsWith("tables/_commits/date=" + DAY + "/"));

    // chargeback_daily and the month-to-date internet volume: byte-identical files (same names)
    assertThat(only(s3Files, "chargeback_daily")).isEqualTo(only(localFiles, "chargeback_daily"));
    assertThat(only(s3Files, "egress_volume_daily"))
        .isEqualTo(only(localFiles, "egress_volume_daily"));

    // network_flows names its input files (source_file), so the files differ in those strings
    // only: equal rows once the store root is cut from source_file
    List<String> localFlows = Tables.rows(spark, localRoot, "network_flows", DAY.toString());
    List<String> s3Flows = Tables.rows(spark, s3Root, "network_flows", DAY.toString());
    assertThat(s3Flows).hasSize((int) onS3.rowsWritten()).isEqualTo(localFlows);
    assertThat(Tables.rows(spark, s3Root, "chargeback_daily", DAY.toString()))
        .isEqualTo(Tables.rows(spark, localRoot, "chargeback_daily", DAY.toString()));

    // a second run on S3 publishes identical tables (the same names and bytes); run_log adds a row
    NightlyJob.run(spark, config(s3Root));
    Map<String, byte[]> rerun = Tables.files(hadoop, s3Root);
    assertThat(only(rerun, "chargeback_daily")).isEqualTo(only(s3Files, "chargeback_daily"));
    assertThat(only(rerun, "network_flows")).isEqualTo(only(s3Files, "network_flows"));
    assertThat(rerun.keySet())
        .filteredOn(k -> k.startsWith("tables/run_log/date=" + DAY + "/"))
        .hasSize(2);
  }

  /** The one file (name and bytes) of a table's partition for DAY. */
  private static Map.Entry<String, String> only(Map<String, byte[]> files, String table) {
    List<Map.Entry<String, String>> entries =
        files.entrySet().stream()
            .filter(e -> e.getKey().startsWith("tables/" + table + "/date=" + DAY + "/"))
            .map(e -> Map.entry(e.getKey(), java.util.HexFormat.of().formatHex(e.getValue())))
            .toList();
    assertThat(entries).as(table).hasSize(1);
    return entries.get(0);
  }

  /** How many times {@code fs} ran the operation (s3a's storage statistics), 0 when never. */
  private static long operations(FileSystem fs, String operation) {
    Long count = fs.getStorageStatistics().getLong(operation);
    return count == null ? 0 : count;
  }
}
