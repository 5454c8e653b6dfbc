package dev.netcost.collector.common;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Crash-safe file replacement: write a temporary sibling, fsync it, rename it over the target and
 * fsync the directory, so after a crash the target holds either the old or the new content whole.
 */
public final class DurableFiles {
  /** Prefix of temporary files; a directory scan ignores (and may delete) them. */
  public static final String TEMPORARY_PREFIX = ".tmp-";

  private DurableFiles() {}

  /** Content produced by streaming into an output stream, without holding it all in memory. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code data} to {@code target}, replacing it atomically and durably. */
  public static void write(Path target, byte[] data) throws IOException {
    write(target, out -> out.write(data));
  }

  /** Streams {@code content} to {@code target}, replacing it atomically and durably. */
  public static void write(Path target, Content content) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temporary = directory.resolve(TEMPORARY_PREFIX + UUID.randomUUID());
    try {
      try (FileChannel channel =
              FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(directory);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some filesystems refuse to open or sync directories; the rename is still atomic there
    }
  }
}
