package dev.netcost.job;

import java.nio.file.Path;

/** Store locations as Spark's connectors name them. */
final class Stores {
  private Stores() {}

  /**
   * A plain path becomes an absolute {@code file:} URI; {@code s3://} becomes {@code s3a://}
   * (Hadoop's S3 connector); {@code gs://} and {@code abfss://} pass through.
   */
  static String sparkLocation(String store) {
    if (store.startsWith("s3://")) {
      return "s3a://" + store.substring("s3://".length());
    }
    if (store.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !store.matches("^[a-zA-Z]:\\\\.*")) {
      return store;
    }
    // unescaped: Hadoop and Spark parse path strings literally, so "my store" must not become
    // "my%20store" (which names another directory)
    String absolute = Path.of(store).toAbsolutePath().normalize().toString().replace('\\', '/');
    return ("file://" + (absolute.startsWith("/") ? "" : "/") + absolute).replaceAll("/$", "");
  }
}
