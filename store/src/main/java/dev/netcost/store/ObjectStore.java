package dev.netcost.store;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * A bucket-like store of immutable objects addressed by keys relative to {@link #root()}: a local
 * directory, an S3/GCS/Azure Blob container and prefix. The interface is deliberately small (as
 * Trino's filesystem and Iceberg's FileIO are); optional abilities are separate interfaces.
 *
 * <p>Keys use {@code /} as separator, never start with {@code /}, and name objects, not
 * directories: listing is by prefix, with blob semantics (no empty directories).
 */
public interface ObjectStore extends Closeable {
  /** The URI this store's keys are relative to, e.g. {@code s3://bucket/netcost}. */
  URI root();

  /**
   * Creates the object if and only if no object exists at {@code key}, atomically: readers see
   * either nothing or the whole object, and of two racing writers exactly one succeeds. This is
   * what makes uploads idempotent.
   *
   * @throws java.nio.file.FileAlreadyExistsException if an object already exists at the key
   */
  void createExclusive(String key, byte[] data) throws IOException;

  /** Creates or replaces the object atomically: readers see the old or the new object whole. */
  void createOrOverwrite(String key, byte[] data) throws IOException;

  /**
   * Reads a whole object.
   *
   * @throws java.nio.file.NoSuchFileException if there is no object at the key
   */
  byte[] read(String key) throws IOException;

  /** Objects whose keys start with {@code prefix}, sorted by key. */
  List<ObjectEntry> list(String prefix) throws IOException;

  /** Deletes the object; deleting a missing object is not an error. */
  void delete(String key) throws IOException;

  /** The full URI of {@code key}, as Spark's connectors name it. */
  default URI uri(String key) {
    Keys.check(key);
    String base = root().toString();
    return URI.create(base.endsWith("/") ? base + key : base + "/" + key);
  }

  @Override
  default void close() throws IOException {}
}
