package dev.netcost.spark;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.contract.NetcostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol on a local store: layout, deterministic names, the lease. */
class TableWriterTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-05");
  private static final StructType SCHEMA =
      new StructType()
          .add("k", DataTypes.StringType, false)
          .add("bytes", DataTypes.LongType, false);
  private static SparkSession spark;

  @TempDir Path work;

  @BeforeAll
  static void session() {
    spark = SparkSessions.create("local[1]", "netcost-spark-support-tests");
  }

  private static Dataset<Row> rows() {
    return spark.createDataFrame(
        List.of(RowFactory.create("b", 2L), RowFactory.create("a", 1L)), SCHEMA);
  }

  @Test
  void commitsTheStagedTableUnderItsContentNameWithLogAndManifest() throws Exception {
    String root = work.toString();
    try (TableWriter writer = TableWriter.open(spark, root, DAY, "run-1", "test")) {
      writer.replaceParquet("t", DAY, rows(), 1, lit(0), col("k"));
      TableCommits.Commit commit = writer.commit();
      assertThat(commit.version()).isEqualTo(1);
      assertThat(commit.command()).isEqualTo("test");
    }
    Path partition = work.resolve("tables/t/date=2026-11-05");
    List<String> names = names(partition);
    assertThat(names).hasSize(1);
    String name = names.get(0);
    assertThat(name).matches("part-00000-[0-9a-f]{16}\\.zstd\\.parquet");
    assertThat(names(work.resolve("tables/_commits/date=2026-11-05")))
        .containsExactly("0000000001.applied", "0000000001.commit");
    String commitText =
        Files.readString(work.resolve("tables/_commits/date=2026-11-05/0000000001.commit"));
    assertThat(commitText)
        .startsWith("netcost-commit 1\ndate 2026-11-05\nversion 1\nrun_id run-1\ncommand test\n")
        .contains("table t tables/t/date=2026-11-05\nfile t " + name + " ");
    assertThat(
            Files.readString(work.resolve("tables/_manifests/t/date=2026-11-05/manifest"), UTF_8))
        .isEqualTo(partition.resolve(name).toUri() + "\n");
    assertThat(work.resolve("tables/_staging")).doesNotExist();

    StoreFiles store = StoreFiles.open(spark, root);
    assertThat(store.committedFiles("t", DAY)).containsExactly("file:" + partition.resolve(name));
    assertThat(store.committedDates("t")).containsExactly(DAY);
    assertThat(spark.read().parquet(store.committedFiles("t", DAY).get(0)).collectAsList())
        .extracting(Row::toString)
        .containsExactly("[a,1]", "[b,2]");

    // the same rows again: a new commit of the same file, nothing else in the directory
    try (TableWriter writer = TableWriter.open(spark, root, DAY, "run-2", "test")) {
      writer.replaceParquet("t", DAY, rows(), 1, lit(0), col("k"));
      assertThat(writer.commit().version()).isEqualTo(2);
    }
    assertThat(names(partition)).containsExactly(name);
  }

  @Test
  void aSecondRunOfTheDateFailsWhileTheFirstHoldsItsLease() throws Exception {
    String root = work.toString();
    try (TableWriter first = TableWriter.open(spark, root, DAY, "run-1", "test")) {
      assertThatThrownBy(() -> TableWriter.open(spark, root, DAY, "run-2", "test"))
          .isInstanceOf(NetcostException.class)
          .hasMessageStartingWith(
              "Date 2026-11-05 of " + root + " is being written by run run-1 (host ");
      first.replaceParquet("t", DAY, rows(), 1, lit(0));
      first.commit();
    }
    assertThat(names(work.resolve("tables/t/date=2026-11-05"))).hasSize(1);
  }

  private static List<String> names(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
