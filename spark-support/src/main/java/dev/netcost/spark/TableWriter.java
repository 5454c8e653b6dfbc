package dev.netcost.spark;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import dev.netcost.spark.TableCommits.Commit;
import dev.netcost.spark.TableCommits.FileEntry;
import dev.netcost.spark.TableCommits.TableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Publishes one date's tables all at once or not at all (docs/data-contract.md §6). Opening takes
 * the date's lease ({@link DateLease}): a second run of the date fails with exit 1 and changes
 * nothing. Every table is first written to this run's staging directory {@code
 * tables/_staging/date=D/RUN/}, its files named by content ({@code part-NNNNN-<sha256
 * prefix>.zstd.parquet}: rows are sorted within each file, so the same input gives the same rows in
 * every data page; the same process writes the same bytes and names, another JVM may order a column
 * chunk's encodings differently in the footer and so give other names (docs/data-contract.md §5)).
 * {@link #commit} then creates the date's next commit object exclusively (the commit point: before
 * it readers see the previous state, after it the new one), moves the files into {@code
 * tables/TABLE/date=D/} and removes the files the commit no longer lists.
 *
 * <p>Tables this run does not write keep their files from the previous commit; {@code run_log}
 * accumulates (every attempt adds its row).
 */
public final class TableWriter implements AutoCloseable {
  /** Test-only fault injection: the JVM halts (as kill -9 would) when reaching this step. */
  static final String HALT_AT_PROPERTY = "netcost.test.halt-at";

  private final SparkSession spark;
  private final Path root;
  private final FileSystem fs;
  private final LocalDate date;
  private final String runId;
  private final String command;
  private final DateLease lease;
  private final Map<String, TableFiles> staged = new LinkedHashMap<>();
  private final List<FileEntry> runLogFiles = new ArrayList<>();
  private int runLogSequence;
  private boolean committed;

  private TableWriter(
      SparkSession spark,
      String storeRoot,
      FileSystem fs,
      LocalDate date,
      String runId,
      String command,
      DateLease lease) {
    this.spark = spark;
    this.root = new Path(storeRoot);
    this.fs = fs;
    this.date = date;
    this.runId = runId;
    this.command = command;
    this.lease = lease;
  }

  /**
   * Takes the date's lease, rolls forward a commit of the date that a dead run left unapplied, and
   * collects staging left by dead runs.
   */
  public static TableWriter open(
      SparkSession spark, String storeRoot, LocalDate date, String runId, String command)
      throws IOException {
    requireNonNull(spark, "spark is null");
    requireNonNull(storeRoot, "storeRoot is null");
    Path root = new Path(storeRoot);
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    DateLease lease = DateLease.acquire(fs, root, date, runId, leaseDuration());
    try {
      halt("leased");
      Optional<Commit> latest = TableCommits.latest(fs, root, date);
      if (latest.isPresent() && !TableCommits.applied(fs, root, latest.get())) {
        TableCommits.apply(fs, root, latest.get(), TableWriter::halt);
      }
      collectStaging(fs, root, date, runId);
      return new TableWriter(spark, storeRoot, fs, date, runId, command, lease);
    } catch (IOException | RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  public LocalDate date() {
    return date;
  }

  public String runId() {
    return runId;
  }

  /** The run that held the date before and died without committing, if any. */
  public Optional<Map<String, String>> abandonedRun() throws IOException {
    Optional<Map<String, String>> previous = lease.abandoned();
    if (previous.isEmpty()) {
      return previous;
    }
    Optional<Commit> latest = TableCommits.latest(fs, root, date);
    if (latest.isPresent() && latest.get().runId().equals(previous.get().get("run_id"))) {
      return Optional.empty(); // it committed; its run_log row says so
    }
    return previous;
  }

  /**
   * Stages {@code rows} as {@code files} Parquet files, hash-partitioned by {@code spreadBy} (one
   * file: {@code spreadBy} is not used), each file's rows sorted by {@code sortBy} (none: in the
   * order of {@code rows}, which must then be deterministic for the names to be).
   */
  public void replaceParquet(
      String table, LocalDate date, Dataset<Row> rows, int files, Column spreadBy, Column... sortBy)
      throws IOException {
    replaceParquetFiles(
        table,
        date,
        files == 1 ? rows.coalesce(1) : rows.repartition(files, spreadBy),
        Map.of(),
        sortBy);
  }

  /**
   * Stages {@code rows} as one Parquet file per partition of {@code rows} (already laid out by the
   * caller; Spark writes no file for an empty partition except the first, whose file then has no
   * rows), each file's rows sorted by {@code sortBy} (none: in the order of the partition, which
   * must then be deterministic for the names to be), with Parquet writer settings for this table
   * ({@code parquet.*} keys of parquet-java, such as {@code parquet.enable.dictionary#column};
   * empty: the defaults).
   */
  public void replaceParquetFiles(
      String table,
      LocalDate date,
      Dataset<Row> rows,
      Map<String, String> parquetOptions,
      Column... sortBy)
      throws IOException {
    checkDate(date);
    Dataset<Row> laidOut = sortBy.length > 0 ? rows.sortWithinPartitions(sortBy) : rows;
    Path output = sparkOutput(table);
    laidOut.write().mode(SaveMode.Overwrite).options(parquetOptions).parquet(output.toString());
    staged.put(
        table,
        new TableFiles(
            TablePaths.partition(table, date), stage(output, table, ".zstd.parquet", 0)));
  }

  /** Stages {@code rows} as one CSV file with a header, to replace {@code directory}'s file. */
  public void replaceCsv(String directory, Dataset<Row> rows, Column... sortBy) throws IOException {
    String table = csvName(directory);
    Path output = sparkOutput(table);
    rows.coalesce(1)
        .sortWithinPartitions(sortBy)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", "true")
        .option("escape", "\"")
        .csv(output.toString());
    staged.put(table, new TableFiles(directory, stage(output, table, ".csv", 0)));
  }

  /** The commit removes {@code directory}'s CSV file (nothing was rejected this time). */
  public void removeCsv(String directory) {
    staged.put(csvName(directory), new TableFiles(directory, List.of()));
  }

  public boolean isCommitted() {
    return committed;
  }

  /** Forgets the tables staged so far (a failed run publishes only its run_log row). */
  public void discardStaged() {
    staged.clear();
    runLogFiles.clear();
  }

  /** Stages rows to add to the date's run_log (one file per call). */
  public void appendRunLog(Dataset<Row> rows) throws IOException {
    Path output = sparkOutput(TableCommits.RUN_LOG + "-" + runLogSequence);
    rows.coalesce(1).write().mode(SaveMode.Overwrite).parquet(output.toString());
    runLogFiles.addAll(stage(output, TableCommits.RUN_LOG, ".zstd.parquet", 0));
    runLogSequence++;
  }

  /**
   * The commit point: creates the date's next commit exclusively, then applies it. When this
   * returns, every staged table is published; when it throws before the commit object exists,
   * nothing is.
   */
  public Commit commit() throws IOException {
    if (staged.isEmpty() && runLogFiles.isEmpty()) {
      return null;
    }
    halt("staged");
    lease.check();
    Optional<Commit> latest = TableCommits.latest(fs, root, date);
    Map<String, TableFiles> tables = new LinkedHashMap<>();
    latest.ifPresent(previous -> tables.putAll(previous.tables()));
    tables.putAll(staged);
    if (!runLogFiles.isEmpty()) {
      List<FileEntry> runLog = new ArrayList<>();
      TableFiles before = tables.get(TableCommits.RUN_LOG);
      if (before != null) {
        runLog.addAll(before.files());
      } else {
        // the first commit of a date written before commits existed keeps its run_log rows
        for (Path legacy : TableCommits.files(fs, root, TableCommits.RUN_LOG, date)) {
          FileStatus status = fs.getFileStatus(legacy);
          runLog.add(new FileEntry(legacy.getName(), status.getLen(), "legacy", "legacy"));
        }
      }
      runLog.addAll(runLogFiles);
      tables.put(
          TableCommits.RUN_LOG,
          new TableFiles(TablePaths.partition(TableCommits.RUN_LOG, date), runLog));
    }
    long version = latest.map(c -> c.version() + 1).orElse(1L);
    Commit commit = new Commit(date, version, runId, command, Instant.now(), tables);
    try {
      StoreObjects.createExclusive(
          fs, new Path(root, TableCommits.commitKey(date, version)), commit.encode());
    } catch (FileAlreadyExistsException e) {
      throw new NetcostException(
          ErrorKind.USER,
          "Commit "
              + version
              + " of "
              + date
              + " was created by another run while "
              + runId
              + " held the lease; nothing was published by this run");
    }
    committed = true;
    halt("committed");
    TableCommits.apply(fs, root, commit, TableWriter::halt);
    halt("applied");
    removeStaging();
    return commit;
  }

  /** Releases the lease; an uncommitted run's staging is removed. */
  @Override
  public void close() throws IOException {
    try {
      if (!committed) {
        removeStaging();
      }
    } finally {
      lease.close();
    }
  }

  /**
   * Removes this run's staging directory, and the date's and the staging root when nothing is left
   * under them (files, not entries: object stores may keep empty prefixes or markers).
   */
  private void removeStaging() throws IOException {
    Path run = new Path(root, TableCommits.stagingKey(date, runId));
    fs.delete(run, true);
    for (Path directory = run.getParent();
        directory.getName().startsWith("date=") || directory.getName().equals("_staging");
        directory = directory.getParent()) {
      if (fs.exists(directory) && !fs.listFiles(directory, true).hasNext()) {
        fs.delete(directory, true);
      }
    }
  }

  private void checkDate(LocalDate written) {
    if (!date.equals(written)) {
      throw new IllegalStateException("writer of " + date + " asked to write " + written);
    }
  }

  private static String csvName(String directory) {
    return directory.replaceAll("/date=\\d{4}-\\d{2}-\\d{2}$", "").replace('/', '_');
  }

  private Path sparkOutput(String name) {
    return new Path(root, TableCommits.stagingKey(date, runId) + "/_spark/" + name);
  }

  /**
   * Renames Spark's part files to content-addressed names in the run's staging directory of the
   * table and returns their entries.
   */
  private List<FileEntry> stage(Path output, String table, String suffix, int first)
      throws IOException {
    FileStatus[] parts =
        fs.listStatus(
            output, path -> path.getName().startsWith("part-") && !path.getName().endsWith(".crc"));
    Arrays.sort(parts, Comparator.comparing(status -> status.getPath().getName()));
    Path directory = new Path(root, TableCommits.stagingKey(date, runId) + "/" + table);
    fs.mkdirs(directory);
    List<FileEntry> entries = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String sha256 = sha256(parts[i].getPath());
      String name = String.format("part-%05d-%s%s", first + i, sha256.substring(0, 16), suffix);
      Path destination = new Path(directory, name);
      if (fs.exists(destination)) {
        fs.delete(destination, false);
      }
      if (!fs.rename(parts[i].getPath(), destination)) {
        throw new IOException("Cannot move " + parts[i].getPath() + " to " + destination);
      }
      entries.add(new FileEntry(name, parts[i].getLen(), sha256, runId));
    }
    fs.delete(output, true);
    return entries;
  }

  private String sha256(Path path) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = fs.open(path)) {
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Removes staging that no live run owns: every run directory of {@code date} but ours (we hold
   * the date's lease), and of other dates whose lease is not live and whose latest commit is
   * applied. Listing before reading the leases: a run that starts staging later is not listed.
   */
  private static void collectStaging(FileSystem fs, Path root, LocalDate date, String runId)
      throws IOException {
    for (FileStatus dateDirectory : TableCommits.list(fs, new Path(root, TableCommits.STAGING))) {
      String name = dateDirectory.getPath().getName();
      if (!name.startsWith("date=")) {
        fs.delete(dateDirectory.getPath(), true); // staging of the layout before commits
        continue;
      }
      LocalDate stagedDate = LocalDate.parse(name.substring("date=".length()));
      FileStatus[] runs = TableCommits.list(fs, dateDirectory.getPath());
      if (!stagedDate.equals(date)) {
        Optional<Commit> latest = TableCommits.latest(fs, root, stagedDate);
        if (latest.isPresent() && !TableCommits.applied(fs, root, latest.get())) {
          continue; // its commit is rolled forward by the next run of that date (or a reader)
        }
        if (liveRun(fs, root, stagedDate).isPresent()) {
          String live = liveRun(fs, root, stagedDate).get();
          runs =
              Arrays.stream(runs)
                  .filter(r -> !r.getPath().getName().equals(live))
                  .toArray(FileStatus[]::new);
        }
      }
      for (FileStatus run : runs) {
        if (!run.getPath().getName().equals(runId)) {
          fs.delete(run.getPath(), true);
        }
      }
      if (TableCommits.list(fs, dateDirectory.getPath()).length == 0) {
        fs.delete(dateDirectory.getPath(), true);
      }
    }
  }

  private static Optional<String> liveRun(FileSystem fs, Path root, LocalDate date)
      throws IOException {
    FileStatus[] leases = TableCommits.list(fs, new Path(root, DateLease.LEASES + "/date=" + date));
    for (int i = leases.length - 1; i >= 0; i--) {
      if (leases[i].getPath().getName().endsWith(".lease")) {
        Map<String, String> lease = DateLease.parse(TableCommits.read(fs, leases[i].getPath()));
        return DateLease.isLive(lease, Instant.now())
            ? Optional.ofNullable(lease.get("run_id"))
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Duration leaseDuration() {
    String seconds = System.getProperty("netcost.lease-seconds");
    return seconds == null
        ? DateLease.DEFAULT_DURATION
        : Duration.ofSeconds(Long.parseLong(seconds));
  }

  /**
   * Test-only hooks at each publish step (never set in production): {@value #HALT_AT_PROPERTY}
   * halts the JVM there (exit 137, no shutdown hooks: what kill -9 leaves behind); {@value
   * #PAUSE_AT_PROPERTY} creates the file {@code <netcost.test.pause-file>.reached} and waits (at
   * most 5 minutes) until the file {@code <netcost.test.pause-file>} exists.
   */
  static void halt(String step) {
    if (step.equals(System.getProperty(HALT_AT_PROPERTY))) {
      System.err.println("netcost: test hook: halting at " + step);
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
    if (step.equals(System.getProperty(PAUSE_AT_PROPERTY))) {
      java.nio.file.Path resume = java.nio.file.Path.of(System.getProperty(PAUSE_FILE_PROPERTY));
      try {
        java.nio.file.Files.createFile(resume.resolveSibling(resume.getFileName() + ".reached"));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!java.nio.file.Files.exists(resume) && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("test hook: cannot pause at " + step, e);
      }
    }
  }

  static final String PAUSE_AT_PROPERTY = "netcost.test.pause-at";
  static final String PAUSE_FILE_PROPERTY = "netcost.test.pause-file";
}
