package dev.netcost.spark;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's store I/O on a local directory, without Spark (Hadoop's raw local file system). */
class StoreFilesTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-05");

  @TempDir Path work;

  private StoreFiles store() {
    Configuration configuration = new Configuration();
    configuration.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    configuration.setBoolean("fs.file.impl.disable.cache", true);
    return StoreFiles.open(configuration, work.toString() + "/");
  }

  @Test
  void writesReadsAndNamesKeysUnderTheRoot() throws Exception {
    StoreFiles store = store();
    assertThat(store.root()).isEqualTo(work.toString());
    String uri = store.write("reports/2026-11/summary.csv", "a,b\n".getBytes(UTF_8));
    assertThat(uri).isEqualTo("file:" + work + "/reports/2026-11/summary.csv");
    assertThat(Files.readString(work.resolve("reports/2026-11/summary.csv"))).isEqualTo("a,b\n");
    assertThat(store.exists("reports/2026-11/summary.csv")).isTrue();
    assertThat(store.exists("reports/2026-12")).isFalse();
    // no checksum side files next to what is written
    assertThat(Files.list(work.resolve("reports/2026-11")).map(p -> p.getFileName().toString()))
        .containsExactly("summary.csv");
  }

  @Test
  void listsChildrenInNameOrderAndNothingForAMissingDirectory() throws Exception {
    Files.createDirectories(work.resolve("flows/cluster=b"));
    Files.createDirectories(work.resolve("flows/cluster=a"));
    Files.write(work.resolve("flows/readme.txt"), new byte[3]);
    StoreFiles store = store();
    List<StoreFiles.Entry> entries = store.list("flows");
    assertThat(entries)
        .extracting(StoreFiles.Entry::name)
        .containsExactly("cluster=a", "cluster=b", "readme.txt");
    assertThat(entries).extracting(StoreFiles.Entry::directory).containsExactly(true, true, false);
    assertThat(entries.get(2).bytes()).isEqualTo(3);
    assertThat(store.list("metadata")).isEmpty();
    assertThat(store.glob("flows/cluster=*"))
        .extracting(StoreFiles.Entry::name)
        .containsExactly("cluster=a", "cluster=b");
    assertThat(store.glob("metadata/cluster=*")).isEmpty();
  }

  @Test
  void filesBelowGivesEveryFileWithItsRelativePath() throws Exception {
    Path day = work.resolve("flows/cluster=a/date=2026-11-05");
    Files.createDirectories(day.resolve("hour=01/node=n1"));
    Files.createDirectories(day.resolve(".hidden"));
    Files.write(day.resolve("hour=01/node=n1/20261105T010000Z-0000.parquet"), new byte[7]);
    Files.write(day.resolve(".hidden/x"), new byte[1]);
    List<StoreFiles.FileBelow> files = store().filesBelow("flows/cluster=a/date=2026-11-05");
    assertThat(files)
        .extracting(StoreFiles.FileBelow::relative)
        .containsExactlyInAnyOrder("/hour=01/node=n1/20261105T010000Z-0000.parquet", "/.hidden/x");
    StoreFiles.FileBelow snapshot =
        files.stream().filter(f -> f.relative().endsWith(".parquet")).findFirst().orElseThrow();
    assertThat(snapshot.entry().location())
        .isEqualTo("file:" + day + "/hour=01/node=n1/20261105T010000Z-0000.parquet");
    assertThat(snapshot.entry().bytes()).isEqualTo(7);
    assertThat(store().filesBelow("flows/cluster=a/date=2026-11-06")).isEmpty();
  }

  @Test
  void committedFilesOfATableWithoutCommitsAreItsDirectorysVisibleFiles() throws Exception {
    Path partition = work.resolve("tables/chargeback_daily/date=2026-11-05");
    Files.createDirectories(partition);
    Files.write(partition.resolve("part-00001.zstd.parquet"), new byte[1]);
    Files.write(partition.resolve("part-00000.zstd.parquet"), new byte[1]);
    Files.write(partition.resolve("_SUCCESS"), new byte[0]);
    Files.write(partition.resolve(".part-00000.zstd.parquet.crc"), new byte[0]);
    StoreFiles store = store();
    assertThat(store.committedFiles("chargeback_daily", DAY))
        .containsExactly(
            "file:" + partition + "/part-00000.zstd.parquet",
            "file:" + partition + "/part-00001.zstd.parquet");
    assertThat(store.committedFiles("chargeback_daily", DAY.plusDays(1))).isEmpty();
    assertThat(store.committedDates("chargeback_daily")).isEmpty();
  }

  @Test
  void filesBelowALocationAndLocalPaths() throws Exception {
    Files.createDirectories(work.resolve("billing/2026-11"));
    Files.write(work.resolve("billing/2026-11/b.csv"), new byte[1]);
    Files.write(work.resolve("billing/2026-11/a.csv"), new byte[1]);
    Files.write(work.resolve("billing/2026-11/_manifest.json"), new byte[1]);
    Files.write(work.resolve("billing/2026-11/.a.csv.crc"), new byte[1]);
    Configuration configuration = new Configuration();
    List<String> files = StoreFiles.filesBelow(configuration, work.resolve("billing").toString());
    assertThat(files)
        .containsExactly(
            "file:" + work + "/billing/2026-11/a.csv", "file:" + work + "/billing/2026-11/b.csv");
    assertThat(StoreFiles.filesBelow(configuration, work + "/billing/*/a.csv"))
        .containsExactly("file:" + work + "/billing/2026-11/a.csv");
    assertThat(StoreFiles.filesBelow(configuration, work + "/nothing")).isNull();
    assertThat(StoreFiles.localPath(files.get(0))).contains(work.resolve("billing/2026-11/a.csv"));
    assertThat(StoreFiles.localPath("s3a://bucket/billing/a.csv")).isEmpty();
    assertThat(StoreFiles.readAll(configuration, files.get(0))).hasSize(1);
  }
}
