package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.ObjectKeys;
import dev.netcost.contract.SnapshotFormat;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Finds a day's snapshots in the store and checks each one's footer before Spark reads it: a
 * truncated or corrupt file, an unknown format or version, or a schema that is not the contract's
 * is set aside with the reason, and the others are read.
 */
final class SnapshotCatalog {
  /** A snapshot file that passed the footer check. */
  record Snapshot(String path, long rows) {}

  record Listing(List<Snapshot> accepted, List<RejectedFile> rejected) {
    long rows() {
      return accepted.stream().mapToLong(Snapshot::rows).sum();
    }
  }

  private final FileSystem fileSystem;
  private final Configuration configuration;
  private final Path root;

  SnapshotCatalog(Configuration configuration, String storeRoot) throws IOException {
    this.configuration = requireNonNull(configuration, "configuration is null");
    this.root = new Path(requireNonNull(storeRoot, "storeRoot is null"));
    this.fileSystem = root.getFileSystem(configuration);
  }

  Listing list(SnapshotFormat format, LocalDate date) throws IOException {
    String pattern =
        switch (format) {
          case FLOWS -> ObjectKeys.FLOWS + "/cluster=*/date=" + date + "/hour=*/node=*/*";
          case METADATA -> ObjectKeys.METADATA + "/cluster=*/date=" + date + "/hour=*/*";
        };
    FileStatus[] found = fileSystem.globStatus(new Path(root, pattern));
    List<FileStatus> files = new ArrayList<>();
    if (found != null) {
      Arrays.stream(found)
          .filter(FileStatus::isFile)
          .filter(s -> !s.getPath().getName().startsWith("."))
          .forEach(files::add);
    }
    files.sort(Comparator.comparing(s -> s.getPath().toString()));
    // footers are small reads: check them concurrently, keep the listing's order
    List<Object> checked =
        files.parallelStream()
            .map(
                file -> {
                  String path = file.getPath().toString();
                  Optional<String> problem = checkName(format, path, date);
                  long[] rows = {0};
                  if (problem.isEmpty()) {
                    problem = checkFooter(format, file, rows);
                  }
                  return problem.isPresent()
                      ? (Object) new RejectedFile(path, problem.get())
                      : new Snapshot(path, rows[0]);
                })
            .toList();
    List<Snapshot> accepted = new ArrayList<>();
    List<RejectedFile> rejected = new ArrayList<>();
    for (Object result : checked) {
      if (result instanceof Snapshot snapshot) {
        accepted.add(snapshot);
      } else {
        rejected.add((RejectedFile) result);
      }
    }
    return new Listing(List.copyOf(accepted), List.copyOf(rejected));
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

  private Optional<String> checkFooter(SnapshotFormat format, FileStatus file, long[] rows) {
    ParquetMetadata footer;
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromStatus(file, configuration))) {
      footer = reader.getFooter();
      rows[0] = reader.getRecordCount();
    } catch (FileNotFoundException e) {
      return Optional.of("file disappeared while reading: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return Optional.of("corrupt or truncated Parquet file: " + e.getMessage());
    }
    Map<String, String> keyValues = footer.getFileMetaData().getKeyValueMetaData();
    String formatName = keyValues.get(SnapshotFormat.FORMAT_KEY);
    if (!format.formatName().equals(formatName)) {
      return Optional.of(
          "footer "
              + SnapshotFormat.FORMAT_KEY
              + " is "
              + formatName
              + ", expected "
              + format.formatName());
    }
    String version = keyValues.get(SnapshotFormat.VERSION_KEY);
    if (!Integer.toString(format.currentVersion()).equals(version)) {
      return Optional.of(
          "unknown schema version "
              + version
              + " of "
              + format.formatName()
              + " (this job reads version "
              + format.currentVersion()
              + ")");
    }
    MessageType schema = footer.getFileMetaData().getSchema();
    for (var expected : format.schema().getFields()) {
      if (!schema.containsField(expected.getName())) {
        return Optional.of("column " + expected.getName() + " is missing");
      }
      var actual = schema.getType(expected.getName());
      if (!actual
          .asPrimitiveType()
          .getPrimitiveTypeName()
          .equals(expected.asPrimitiveType().getPrimitiveTypeName())) {
        return Optional.of(
            "column "
                + expected.getName()
                + " has type "
                + actual.asPrimitiveType().getPrimitiveTypeName()
                + ", expected "
                + expected.asPrimitiveType().getPrimitiveTypeName());
      }
    }
    return Optional.empty();
  }
}
