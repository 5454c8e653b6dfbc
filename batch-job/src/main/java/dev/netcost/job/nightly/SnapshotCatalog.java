package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.ObjectKeys;
import dev.netcost.contract.SnapshotFormat;
import dev.netcost.contract.SnapshotVerifier;
import dev.netcost.spark.StoreFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Finds a day's snapshots in the store and verifies each one whole before Spark reads it ({@link
 * SnapshotVerifier}: footer format and version, the contract's schema, every page decoded with its
 * CRC, the content digest): a truncated or corrupt file, an unknown format or version, or a schema
 * that is not the contract's is set aside with the reason, and the others are read.
 *
 * <p>Listing is one recursive listing of each cluster's date prefix ({@code
 * flows/cluster=C/date=D/}, paginated by the store), not a listing per hour or node. The checks run
 * in Spark tasks, one job for the flow and metadata files together, so that their cost is spread
 * over the executors instead of the driver; each task reads several files at once (object stores
 * are latency-bound).
 */
final class SnapshotCatalog {
  /** File reads in flight per task. */
  private static final int FOOTERS_IN_FLIGHT = 8;

  /** Files per footer-check task at most (more tasks than cores balance uneven stores). */
  private static final int FILES_PER_TASK = 2_000;

  /** A snapshot file that passed the footer check. */
  record Snapshot(String path, long rows, long length, long modificationTime) {}

  record Listing(List<Snapshot> accepted, List<RejectedFile> rejected) {
    long rows() {
      return accepted.stream().mapToLong(Snapshot::rows).sum();
    }

    static Listing empty() {
      return new Listing(List.of(), List.of());
    }
  }

  /** A listed file, as the footer-check tasks receive it. */
  record Found(SnapshotFormat format, String path, long length, long modificationTime)
      implements Serializable {}

  /** One footer check's outcome: the row count, or why the file is rejected. */
  record Checked(Found file, long rows, String problem) implements Serializable {}

  private final StoreFiles store;
  private final Configuration configuration;

  SnapshotCatalog(Configuration configuration, String storeRoot) throws IOException {
    this.configuration = requireNonNull(configuration, "configuration is null");
    this.store = StoreFiles.open(configuration, requireNonNull(storeRoot, "storeRoot is null"));
  }

  /**
   * The date's snapshot files of {@code format}, in path order: one recursive listing per cluster.
   * Hidden files and directories (a leading dot) are skipped; every other file under the date
   * prefix is returned, so that one outside the key layout is quarantined by the name check.
   */
  List<Found> find(SnapshotFormat format, LocalDate date) throws IOException {
    String top = format == SnapshotFormat.FLOWS ? ObjectKeys.FLOWS : ObjectKeys.METADATA;
    List<Found> files = new ArrayList<>();
    for (StoreFiles.Entry cluster : store.list(top)) {
      if (!cluster.directory() || !cluster.name().startsWith("cluster=")) {
        continue;
      }
      for (StoreFiles.FileBelow file :
          store.filesBelow(top + "/" + cluster.name() + "/date=" + date)) {
        if (file.relative().contains("/.")) {
          continue;
        }
        files.add(
            new Found(
                format,
                file.entry().location(),
                file.entry().bytes(),
                file.entry().modifiedMillis()));
      }
    }
    files.sort(Comparator.comparing(Found::path));
    return files;
  }

  /**
   * The date's files of {@code format}, their footers checked on this JVM (for a few files, such as
   * the metadata snapshots other steps read; the nightly job checks in Spark tasks, {@link
   * #check}).
   */
  Listing list(SnapshotFormat format, LocalDate date) throws IOException {
    List<Found> files = find(format, date);
    List<Checked> checked =
        files.parallelStream().map(file -> checkOne(file, configuration, date)).toList();
    return listings(checked).get(format);
  }

  /**
   * Checks every file's name and footer in one Spark job; returns the listings per format in the
   * order of {@code files}.
   */
  static Map<SnapshotFormat, Listing> check(SparkSession spark, List<Found> files, LocalDate date) {
    if (files.isEmpty()) {
      return listings(List.of());
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> configuration =
        context.broadcast(
            new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    int tasks =
        Math.min(
            files.size(),
            Math.max(
                context.defaultParallelism(),
                (files.size() + FILES_PER_TASK - 1) / FILES_PER_TASK));
    List<Checked> checked =
        context
            .parallelize(files, tasks)
            .mapPartitions(
                (FlatMapFunction<Iterator<Found>, Checked>)
                    batch -> checkAll(batch, configuration.value().value(), date))
            .collect();
    configuration.destroy();
    return listings(checked);
  }

  private static Map<SnapshotFormat, Listing> listings(List<Checked> checked) {
    Map<SnapshotFormat, Listing> listings = new EnumMap<>(SnapshotFormat.class);
    Map<SnapshotFormat, List<Snapshot>> accepted = new EnumMap<>(SnapshotFormat.class);
    Map<SnapshotFormat, List<RejectedFile>> rejected = new EnumMap<>(SnapshotFormat.class);
    for (Checked result : checked) {
      Found file = result.file();
      if (result.problem() == null) {
        accepted
            .computeIfAbsent(file.format(), f -> new ArrayList<>())
            .add(new Snapshot(file.path(), result.rows(), file.length(), file.modificationTime()));
      } else {
        rejected
            .computeIfAbsent(file.format(), f -> new ArrayList<>())
            .add(new RejectedFile(file.path(), result.problem()));
      }
    }
    for (SnapshotFormat format : SnapshotFormat.values()) {
      listings.put(
          format,
          new Listing(
              List.copyOf(accepted.getOrDefault(format, List.of())),
              List.copyOf(rejected.getOrDefault(format, List.of()))));
    }
    return listings;
  }

  /** A task's share: several footers in flight at once, results in input order. */
  private static Iterator<Checked> checkAll(
      Iterator<Found> batch, Configuration configuration, LocalDate date) throws Exception {
    List<Found> files = new ArrayList<>();
    batch.forEachRemaining(files::add);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(FOOTERS_IN_FLIGHT, files.size())),
            runnable -> {
              Thread thread = new Thread(runnable, "netcost-footer-check");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Checked>> pending = new ArrayList<>(files.size());
      for (Found file : files) {
        pending.add(pool.submit(() -> checkOne(file, configuration, date)));
      }
      List<Checked> results = new ArrayList<>(files.size());
      for (Future<Checked> result : pending) {
        results.add(result.get());
      }
      return results.iterator();
    } finally {
      pool.shutdownNow();
    }
  }

  private static Checked checkOne(Found file, Configuration configuration, LocalDate date) {
    Optional<String> problem = checkName(file.format(), file.path(), date);
    long[] rows = {0};
    if (problem.isEmpty()) {
      problem = verify(file, configuration, rows);
    }
    return new Checked(file, rows[0], problem.orElse(null));
  }

  private static Optional<String> checkName(SnapshotFormat format, String path, LocalDate date) {
    Optional<ObjectKeys.SnapshotKey> key =
        switch (format) {
          case FLOWS -> ObjectKeys.parseFlowKey(path);
          case METADATA -> ObjectKeys.parseMetadataKey(path);
        };
    if (key.isEmpty()) {
      return Optional.of(
          "object name does not follow the key layout of " + format.formatName() + " snapshots");
    }
    if (!key.get().date().equals(date)) {
      return Optional.of("object name's date " + key.get().date() + " is not " + date);
    }
    return Optional.empty();
  }

  /**
   * Reads the file whole and runs {@link SnapshotVerifier} on it: footer format and version, the
   * contract's schema, every page decoded with its CRC, the content digest.
   */
  private static Optional<String> verify(Found file, Configuration configuration, long[] rows) {
    byte[] bytes;
    try (InputStream in = StoreFiles.openFile(configuration, file.path())) {
      bytes = in.readAllBytes();
    } catch (FileNotFoundException e) {
      return Optional.of("file disappeared while reading: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return Optional.of("cannot read the file: " + e.getMessage());
    }
    SnapshotVerifier.Verdict verdict = SnapshotVerifier.check(file.format(), bytes);
    rows[0] = verdict.rows();
    return verdict.problem();
  }
}
