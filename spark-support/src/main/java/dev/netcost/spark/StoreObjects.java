package dev.netcost.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Create-exclusive objects on the store through Hadoop's FileSystem (the job uses Spark's
 * connectors, not the store adapters): the commit point and the date lease depend on it.
 *
 * <ul>
 *   <li>local directories: the object is written under a temporary name and hard-linked into place
 *       ({@code link(2)} fails when the name exists: atomic, and readers never see a partial
 *       object);
 *   <li>s3a: {@code create(overwrite=false)} with S3A's conditional create (Hadoop 3.4.2: {@code
 *       If-None-Match: *}, {@code fs.s3a.create.conditional.enabled}, default true);
 *   <li>gs and abfs(s): {@code create(overwrite=false)} is a conditional request in both connectors
 *       (generation 0 precondition, {@code If-None-Match: *}).
 * </ul>
 */
final class StoreObjects {
  private StoreObjects() {}

  /**
   * Creates {@code path} with {@code data} if nothing exists there.
   *
   * @throws FileAlreadyExistsException if an object exists at the path (another writer won)
   */
  static void createExclusive(FileSystem fs, Path path, byte[] data) throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
      java.nio.file.Path target = Paths.get(fs.makeQualified(path).toUri());
      Files.createDirectories(target.getParent());
      java.nio.file.Path temporary =
          target.resolveSibling(".tmp-" + UUID.randomUUID().toString().substring(0, 8));
      Files.write(temporary, data);
      try {
        Files.createLink(target, temporary);
      } catch (FileAlreadyExistsException e) {
        throw new FileAlreadyExistsException(path.toString());
      } finally {
        Files.deleteIfExists(temporary);
      }
      return;
    }
    @SuppressWarnings("rawtypes")
    org.apache.hadoop.fs.FSDataOutputStreamBuilder builder = fs.createFile(path);
    builder.overwrite(false);
    builder.opt("fs.option.create.conditional.overwrite", true);
    try (OutputStream out = (OutputStream) builder.build()) {
      out.write(data);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(path.toString());
    } catch (IOException e) {
      // S3 answers a lost conditional PUT with 412 Precondition Failed
      if (String.valueOf(e.getMessage()).contains("412") || fs.exists(path)) {
        throw new FileAlreadyExistsException(path.toString());
      }
      throw e;
    }
  }
}
