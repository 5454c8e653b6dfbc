package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The store seen through Hadoop's FileSystem, so the same code writes to a local directory, s3a://,
 * gs:// or abfs(s):// with whatever connector configuration the SparkSession carries.
 */
final class StoreFiles {
  private final String root;
  private final FileSystem fileSystem;

  StoreFiles(String storeRoot, Configuration configuration) {
    requireNonNull(storeRoot, "storeRoot is null");
    requireNonNull(configuration, "configuration is null");
    this.root = stripTrailingSlash(storeRoot);
    try {
      FileSystem resolved = new Path(root).getFileSystem(configuration);
      // a local store gets the report files without Hadoop's .crc side files; the raw file
      // system is the same directory tree, and the shared (cached) instance stays untouched
      this.fileSystem =
          resolved instanceof ChecksumFileSystem checksummed
              ? checksummed.getRawFileSystem()
              : resolved;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open store: " + storeRoot, e);
    }
  }

  /** The full URI of a key under the store root, e.g. {@code tables/chargeback_daily}. */
  String uri(String key) {
    // Path's own text form, not URI.toString(): a store path with spaces or non-ASCII letters must
    // stay unescaped, as Spark and Hadoop parse path strings literally
    return fileSystem.makeQualified(new Path(root + "/" + key)).toString();
  }

  boolean exists(String key) {
    Path path = new Path(root + "/" + key);
    try {
      return fileSystem.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + uri(key), e);
    }
  }

  /**
   * URIs of a table's files for one date as the date's latest commit lists them (a table written
   * before commits existed: its directory's files); empty when the date has none.
   */
  java.util.List<String> committedFiles(String table, java.time.LocalDate date) {
    try {
      return dev.netcost.contract.TableCommits.files(fileSystem, new Path(root), table, date)
          .stream()
          .map(path -> fileSystem.makeQualified(path).toString())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + uri("tables/" + table + "/date=" + date), e);
    }
  }

  /** Writes (replacing) one object; returns its URI. */
  String write(String key, byte[] content) {
    Path path = new Path(root + "/" + key);
    try (OutputStream out = fileSystem.create(path, true)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + uri(key), e);
    }
    return uri(key);
  }

  private static String stripTrailingSlash(String value) {
    String result = value;
    while (result.endsWith("/") && !result.endsWith("://")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
