package dev.netcost.job.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.IpPrefix;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.job.nightly.NightlyJob;
import dev.netcost.pricing.PriceBook;
import dev.netcost.store.LocalObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job on a real Spark standalone cluster: a master and a worker (child JVMs on
 * 127.0.0.1), the job's shaded jar submitted with spark-submit ({@code SparkSubmit}, client mode)
 * to {@code spark://127.0.0.1:PORT}, executors started by the worker with only Spark's jars on
 * their class path. Its tables must equal local mode's on the same input: the same pages to the
 * byte and the same footers ({@link ParquetFiles}).
 */
final class StandaloneClusterTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-01");

  @TempDir Path directory;

  @Test
  void jobSubmittedToAStandaloneClusterWritesTheSameBytesAsLocalMode() throws Exception {
    Path store = directory.resolve("store");
    new ClusterGenerator(new ClusterGenerator.Options("demo", DAY, 1, 11L, 3), PriceBook.bundled())
        .generate(new LocalObjectStore(store));
    // the location as the command line turns a path into one
    String storeRoot = store.toAbsolutePath().normalize().toUri().toString().replaceAll("/$", "");

    SparkSession spark = LocalSpark.get();
    NightlyJob.Summary local =
        NightlyJob.run(
            spark,
            new NightlyJob.Config(
                storeRoot,
                DAY,
                "aws",
                List.of(IpPrefix.parse(ClusterGenerator.ON_PREM_CIDR)),
                dev.netcost.job.attribution.RunPricing.defaults(),
                "USD",
                false));
    assertThat(local.rowsWritten()).isPositive();
    Map<String, byte[]> localFiles =
        Tables.files(spark.sparkContext().hadoopConfiguration(), storeRoot);

    // a Spark installation: SPARK_HOME/jars holds Spark and its dependencies, and nothing of ours
    Path sparkHome = directory.resolve("spark-home");
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    Files.createDirectories(sparkHome.resolve("conf"));
    Path jobJar = null;
    for (String entry : ChildJvm.testClasspath()) {
      Path path = Path.of(entry);
      String name = path.getFileName().toString();
      if (name.startsWith("netcost-batch-job-") && name.endsWith("-spark.jar")) {
        jobJar = path;
      } else if (Files.isRegularFile(path)
          && name.endsWith(".jar")
          && !name.startsWith("netcost-")
          && !name.startsWith("picocli-")
          && !name.startsWith("commons-pool-")) {
        Files.createSymbolicLink(jars.resolve(name), path);
      }
    }
    assertThat(jobJar)
        .as("the shaded job jar (netcost-batch-job-*-spark.jar) on the class path")
        .isNotNull();
    List<String> sparkClasspath = List.of(jars + "/*");
    Map<String, String> sparkEnvironment =
        Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13");
    Path logs = directory.resolve("logs");

    try (ChildJvm master =
        ChildJvm.start(
            "master",
            ChildJvm.testClasspath(),
            List.of(),
            sparkEnvironment,
            StandaloneMaster.class.getName(),
            List.of(),
            logs)) {
      String masterUrl =
          "spark://127.0.0.1:"
              + master.await(Pattern.compile("MASTER PORT (\\d+)"), Duration.ofMinutes(2));
      Path workDir = Files.createDirectories(directory.resolve("worker"));
      try (ChildJvm worker =
          ChildJvm.start(
              "worker",
              sparkClasspath,
              List.of(),
              sparkEnvironment,
              "org.apache.spark.deploy.worker.Worker",
              List.of(
                  "--host",
                  "127.0.0.1",
                  "--port",
                  "0",
                  "--webui-port",
                  "0",
                  "--cores",
                  "2",
                  "--memory",
                  "1g",
                  "--work-dir",
                  workDir.toString(),
                  masterUrl),
              logs)) {
        worker.await(
            Pattern.compile(
                "(Successfully registered with master " + Pattern.quote(masterUrl) + ")"),
            Duration.ofMinutes(2));

        List<String> submit = new ArrayList<>();
        submit.addAll(
            List.of(
                "--master",
                masterUrl,
                "--deploy-mode",
                "client",
                "--class",
                "dev.netcost.job.Main",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--conf",
                "spark.executor.memory=1g",
                "--conf",
                "spark.cores.max=2",
                "--conf",
                "spark.ui.enabled=false",
                jobJar.toString()));
        submit.addAll(
            List.of(
                "nightly",
                "--date",
                DAY.toString(),
                "--store",
                store.toString(),
                "--private-cidr",
                ClusterGenerator.ON_PREM_CIDR,
                // the comparison is of the nightly job's tables; the egress signals that the
                // command runs afterwards by default are a separate step with tables of their own
                "--no-signals"));
        try (ChildJvm driver =
            ChildJvm.start(
                "spark-submit",
                sparkClasspath,
                List.of("-Xmx1g"),
                sparkEnvironment,
                "org.apache.spark.deploy.SparkSubmit",
                submit,
                logs)) {
          int exit = driver.waitFor(Duration.ofMinutes(8));
          assertThat(exit).as("spark-submit exit code; output:\n%s", driver.tail()).isZero();
        }
      }
    }

    // it ran on the cluster: run_log names the master, and the worker started an executor
    Row runLog =
        spark.read().parquet(storeRoot + "/tables/run_log/date=" + DAY).collectAsList().get(0);
    assertThat(runLog.<String>getAs("spark_master")).startsWith("spark://127.0.0.1:");
    assertThat(runLog.<Long>getAs("rows_written")).isEqualTo(local.rowsWritten());
    assertThat(executorLogs(directory.resolve("worker"))).isNotEmpty();

    Map<String, byte[]> clusterFiles =
        Tables.files(spark.sparkContext().hadoopConfiguration(), storeRoot);
    // the same tables and files; names are content-addressed and the bytes may differ in footer
    // order between JVMs (below), so names are compared without their hash
    assertThat(shapes(clusterFiles)).isEqualTo(shapes(localFiles));
    // kept for inspection when the bytes differ
    Path kept = Files.createDirectories(Path.of(ChildJvm.workDirectory(), "standalone-cluster"));
    for (String table : List.of("chargeback_daily", "network_flows")) {
      Files.write(kept.resolve(table + "-local.parquet"), only(localFiles, table));
      Files.write(kept.resolve(table + "-cluster.parquet"), only(clusterFiles, table));
    }
    // the same pages to the byte, and the same footer (parquet-java orders the encodings of a
    // column chunk differently in each JVM: ParquetFiles)
    for (String table : List.of("chargeback_daily", "network_flows")) {
      String file = "tables/" + table + "/date=" + DAY + "/part-00000-*.zstd.parquet";
      assertThat(only(clusterFiles, table)).as(file).isNotEmpty();
      ParquetFiles.assertSameContent(
          file,
          kept.resolve(table + "-local.parquet"),
          only(localFiles, table),
          kept.resolve(table + "-cluster.parquet"),
          only(clusterFiles, table));
    }
  }

  /** Table file names without their content hash; the commit log and leases left out. */
  private static java.util.Set<String> shapes(Map<String, byte[]> files) {
    java.util.Set<String> shapes = new java.util.TreeSet<>();
    for (String name : files.keySet()) {
      if (!name.startsWith("tables/_")) {
        shapes.add(name.replaceAll("-[0-9a-f]{16}\\.", "-*."));
      }
    }
    return shapes;
  }

  /** The bytes of the one file of a table's partition for DAY. */
  private static byte[] only(Map<String, byte[]> files, String table) {
    List<byte[]> matches =
        files.entrySet().stream()
            .filter(e -> e.getKey().startsWith("tables/" + table + "/date=" + DAY + "/"))
            .map(Map.Entry::getValue)
            .toList();
    assertThat(matches).as(table).hasSize(1);
    return matches.get(0);
  }

  /** The executors' stderr files under the worker's directory: app-ID/N/stderr. */
  private static List<Path> executorLogs(Path workDir) throws IOException {
    try (Stream<Path> files = Files.walk(workDir)) {
      return files
          .filter(path -> path.getFileName().toString().equals("stderr"))
          .filter(path -> path.getParent().getParent().getFileName().toString().startsWith("app-"))
          .toList();
    }
  }
}
