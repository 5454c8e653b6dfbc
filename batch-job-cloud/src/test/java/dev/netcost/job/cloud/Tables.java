package dev.netcost.job.cloud;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads what a run of the job left in a store, for comparing two stores. */
final class Tables {
  private Tables() {}

  /** Every file under {@code root/tables}, by path relative to the store root, with its bytes. */
  static Map<String, byte[]> files(Configuration configuration, String root) throws IOException {
    requireNonNull(root, "root is null");
    Path base = new Path(root);
    FileSystem fs = base.getFileSystem(configuration);
    String prefix = fs.makeQualified(base).toString().replaceAll("/$", "") + "/";
    Map<String, byte[]> files = new TreeMap<>();
    Path tables = new Path(base, "tables");
    if (!fs.exists(tables)) {
      return files;
    }
    RemoteIterator<LocatedFileStatus> iterator = fs.listFiles(tables, true);
    while (iterator.hasNext()) {
      LocatedFileStatus status = iterator.next();
      String path = status.getPath().toString();
      if (!path.startsWith(prefix)) {
        throw new IllegalStateException(path + " is not under " + prefix);
      }
      try (InputStream in = fs.open(status.getPath())) {
        files.put(path.substring(prefix.length()), in.readAllBytes());
      }
    }
    return files;
  }

  /**
   * The rows of a table partition as text, sorted, with the store root cut from {@code source_file}
   * (the one column that names where the input was).
   */
  static List<String> rows(SparkSession spark, String root, String table, String date) {
    String partition = root.replaceAll("/$", "") + "/tables/" + table + "/date=" + date;
    List<Row> rows = spark.read().parquet(partition).collectAsList();
    List<String> lines = new ArrayList<>();
    String rootPrefix = stripTrailingSlash(root);
    for (Row row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length(); i++) {
        String name = row.schema().fields()[i].name();
        Object value = row.get(i);
        if (name.equals("source_file") && value != null) {
          value = relativeTo(value.toString(), rootPrefix);
        }
        line.append(name).append('=').append(value).append('|');
      }
      lines.add(line.toString());
    }
    lines.sort(null);
    return lines;
  }

  private static String relativeTo(String path, String root) {
    // Spark writes file: URIs with a single slash (file:/tmp/...); the root may have three
    String normalizedRoot = root.replaceFirst("^file:///", "file:/");
    String normalizedPath = path.replaceFirst("^file:///", "file:/");
    if (!normalizedPath.startsWith(normalizedRoot + "/")) {
      throw new IllegalStateException(path + " is not under " + root);
    }
    return normalizedPath.substring(normalizedRoot.length() + 1);
  }

  private static String stripTrailingSlash(String root) {
    return root.replaceAll("/$", "");
  }
}
