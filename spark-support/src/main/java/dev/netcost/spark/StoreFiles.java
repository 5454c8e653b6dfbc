package dev.netcost.spark;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's view of the store through Spark's Hadoop connectors (the same connector
 * configuration the SparkSession reads and writes tables with), so the same code works on a local
 * directory, {@code s3a://}, {@code gs://} or {@code abfs(s)://}. Keys are relative to the store
 * root ({@code tables/chargeback_daily/date=2026-11-05}); what this returns as a location is a path
 * string Spark and Hadoop accept ({@link #uri}). This is the one place outside the table commit
 * protocol that touches Hadoop's FileSystem: nothing else in netcost imports {@code
 * org.apache.hadoop.fs}.
 */
public final class StoreFiles {
  private final String root;
  private final FileSystem fileSystem;
  private final Configuration configuration;

  private StoreFiles(String storeRoot, Configuration configuration) {
    requireNonNull(storeRoot, "storeRoot is null");
    this.configuration = requireNonNull(configuration, "configuration is null");
    this.root = stripTrailingSlash(storeRoot);
    try {
      FileSystem resolved = new Path(root).getFileSystem(configuration);
      // a local store gets its files without Hadoop's .crc side files; the raw file system is the
      // same directory tree, and the shared (cached) instance stays untouched
      this.fileSystem =
          resolved instanceof ChecksumFileSystem checksummed
              ? checksummed.getRawFileSystem()
              : resolved;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open store: " + storeRoot, e);
    }
  }

  /** The store at {@code storeRoot} with the session's Hadoop configuration. */
  public static StoreFiles open(SparkSession spark, String storeRoot) {
    requireNonNull(spark, "spark is null");
    return new StoreFiles(storeRoot, spark.sparkContext().hadoopConfiguration());
  }

  /** The store at {@code storeRoot} with a Hadoop configuration (Spark executors: broadcast). */
  public static StoreFiles open(Configuration configuration, String storeRoot) {
    return new StoreFiles(storeRoot, configuration);
  }

  /** The root as given (without a trailing slash). */
  public String root() {
    return root;
  }

  FileSystem fileSystem() {
    return fileSystem;
  }

  Path rootPath() {
    return new Path(root);
  }

  /** The full URI of a key under the store root, e.g. {@code tables/chargeback_daily}. */
  public String uri(String key) {
    // Path's own text form, not URI.toString(): a store path with spaces or non-ASCII letters must
    // stay unescaped, as Spark and Hadoop parse path strings literally
    return fileSystem.makeQualified(path(key)).toString();
  }

  /** Whether an object or a directory (a prefix with objects) exists at {@code key}. */
  public boolean exists(String key) {
    try {
      return fileSystem.exists(path(key));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + uri(key), e);
    }
  }

  /**
   * URIs of a table's files for one date as the date's latest commit lists them (a table written
   * before commits existed: its directory's files), in name order; empty when the date has none.
   * Reading through the commit rolls forward a commit a dead writer left half-applied.
   */
  public List<String> committedFiles(String table, LocalDate date) {
    try {
      return TableCommits.files(fileSystem, rootPath(), table, date).stream()
          .map(path -> fileSystem.makeQualified(path).toString())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + uri(TablePaths.partition(table, date)), e);
    }
  }

  /** The dates of {@code table} whose latest commit lists the table (sorted). */
  public List<LocalDate> committedDates(String table) {
    try {
      List<LocalDate> dates = new ArrayList<>();
      for (LocalDate date : TableCommits.committedDates(fileSystem, rootPath())) {
        var commit = TableCommits.latest(fileSystem, rootPath(), date);
        if (commit.isPresent() && commit.get().tables().containsKey(table)) {
          dates.add(date);
        }
      }
      return dates;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the commits of " + uri(TableCommits.COMMITS), e);
    }
  }

  /** Writes (replacing) one object; returns its URI. */
  public String write(String key, byte[] content) {
    try (OutputStream out = fileSystem.create(path(key), true)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + uri(key), e);
    }
    return uri(key);
  }

  /**
   * One entry of a listing: its name, full location, size in bytes, last modification (epoch
   * milliseconds), and whether a directory.
   */
  public record Entry(
      String name, String location, long bytes, long modifiedMillis, boolean directory) {
    public Entry {
      requireNonNull(name, "name is null");
      requireNonNull(location, "location is null");
    }
  }

  /** The entries directly under {@code key}, in name order; empty when there is nothing. */
  public List<Entry> list(String key) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (FileStatus status : TableCommits.list(fileSystem, path(key))) {
      entries.add(entry(status));
    }
    return entries;
  }

  /** A file found below a directory: its entry and its path relative to the directory. */
  public record FileBelow(Entry entry, String relative) {}

  /**
   * Every file below {@code key}, at any depth, or none when it does not exist (in no particular
   * order). On an object store this is one flat, paginated listing of the prefix ({@link
   * FileSystem#listFiles} with recursion). On a local disk it is a walk of the directories with
   * {@link FileSystem#listStatus}: the local file system's {@code listFiles} builds each entry with
   * its owner and permissions, which Hadoop gets by running {@code ls} once per file.
   */
  public List<FileBelow> filesBelow(String key) throws IOException {
    Path directory = fileSystem.makeQualified(path(key));
    String prefix = directory.toUri().getPath();
    List<FileStatus> found = new ArrayList<>();
    try {
      if (!(fileSystem instanceof RawLocalFileSystem || fileSystem instanceof LocalFileSystem)) {
        RemoteIterator<LocatedFileStatus> listing = fileSystem.listFiles(directory, true);
        while (listing.hasNext()) {
          found.add(listing.next());
        }
      } else {
        ArrayDeque<Path> pending = new ArrayDeque<>(List.of(directory));
        while (!pending.isEmpty()) {
          for (FileStatus entry : fileSystem.listStatus(pending.pop())) {
            if (entry.isDirectory()) {
              pending.push(entry.getPath());
            } else {
              found.add(entry);
            }
          }
        }
      }
    } catch (FileNotFoundException e) {
      // no such directory (or one removed while listing): nothing there
      return List.of();
    }
    List<FileBelow> files = new ArrayList<>();
    for (FileStatus status : found) {
      if (status.isFile()) {
        files.add(
            new FileBelow(
                entry(status), status.getPath().toUri().getPath().substring(prefix.length())));
      }
    }
    return files;
  }

  /** The entries matching a Hadoop glob of keys ({@code flows/cluster=*}/date=D), in name order. */
  public List<Entry> glob(String keyPattern) throws IOException {
    FileStatus[] matched = fileSystem.globStatus(path(keyPattern));
    List<Entry> entries = new ArrayList<>();
    if (matched != null) {
      for (FileStatus status : matched) {
        entries.add(entry(status));
      }
    }
    return entries;
  }

  /**
   * The files of a location outside the store (a billing export): a file, a directory (every file
   * below it but hidden ones, {@code _}-prefixed ones and checksums) or a glob, in path order.
   * Empty when nothing matches; {@code null} when not even the location itself matches.
   */
  public static List<String> filesBelow(Configuration configuration, String location)
      throws IOException {
    Path root = new Path(location);
    FileSystem fs = root.getFileSystem(configuration);
    FileStatus[] matched = fs.globStatus(root);
    if (matched == null || matched.length == 0) {
      return null;
    }
    List<Path> files = new ArrayList<>();
    for (FileStatus status : matched) {
      if (status.isFile()) {
        files.add(status.getPath());
        continue;
      }
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(status.getPath(), true);
      while (listing.hasNext()) {
        Path path = listing.next().getPath();
        String name = path.getName();
        if (!name.startsWith(".") && !name.startsWith("_") && !name.endsWith(".crc")) {
          files.add(path);
        }
      }
    }
    files.sort(Comparator.comparing(Path::toString));
    return files.stream().map(Path::toString).toList();
  }

  /** The local file a {@code file:} location names (as {@link #filesBelow} lists them). */
  public static Optional<java.nio.file.Path> localPath(String location) {
    java.net.URI uri = new Path(location).toUri();
    return "file".equals(uri.getScheme())
        ? Optional.of(java.nio.file.Path.of(uri))
        : Optional.empty();
  }

  /** Reads a whole file at a full location (a listed file: {@link #filesBelow}). */
  public static byte[] readAll(Configuration configuration, String location) throws IOException {
    Path path = new Path(location);
    try (InputStream in = path.getFileSystem(configuration).open(path)) {
      return in.readAllBytes();
    }
  }

  /** Opens a file at a full location for reading (executors verifying snapshots). */
  public static InputStream openFile(Configuration configuration, String location)
      throws IOException {
    Path path = new Path(location);
    return path.getFileSystem(configuration).open(path);
  }

  /** A file at a full location (a committed file: {@link #committedFiles}) for Parquet readers. */
  public InputFile inputFile(String location) throws IOException {
    return HadoopInputFile.fromPath(new Path(location), configuration);
  }

  private Path path(String key) {
    requireNonNull(key, "key is null");
    return key.isEmpty() ? new Path(root) : new Path(root + "/" + key);
  }

  private static Entry entry(FileStatus status) {
    return new Entry(
        status.getPath().getName(),
        status.getPath().toString(),
        status.getLen(),
        status.getModificationTime(),
        status.isDirectory());
  }

  private static String stripTrailingSlash(String value) {
    String result = value;
    while (result.endsWith("/") && !result.endsWith("://")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  /** Whether {@code t} is Hadoop's answer to a scheme no connector on the class path serves. */
  public static boolean isUnsupportedScheme(Throwable t) {
    return t instanceof org.apache.hadoop.fs.UnsupportedFileSystemException;
  }
}
