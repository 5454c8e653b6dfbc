package dev.netcost.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A local directory as an object store: the default store, and what tests and the demo use. Objects
 * are written to a hidden temporary file in the target directory first and then linked (exclusive)
 * or renamed (overwrite) into place, so a reader or a crash never sees a partial object. Temporary
 * files start with {@code .tmp-} and are never listed.
 */
public final class LocalObjectStore implements ObjectStore {
  private static final String TEMPORARY_PREFIX = ".tmp-";
  private final Path root;

  public LocalObjectStore(Path root) {
    this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
  }

  public Path rootPath() {
    return root;
  }

  @Override
  public URI root() {
    return root.toUri();
  }

  @Override
  public URI uri(String key) {
    return path(key).toUri();
  }

  @Override
  public void createExclusive(String key, byte[] data) throws IOException {
    Path target = path(key);
    Path temporary = writeTemporary(target, data);
    try {
      Files.createLink(target, temporary);
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(key, null, "object already exists in " + root);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public void createOrOverwrite(String key, byte[] data) throws IOException {
    Path target = path(key);
    Path temporary = writeTemporary(target, data);
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public byte[] read(String key) throws IOException {
    Path path = path(key);
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(key, null, "no object in " + root);
    }
  }

  @Override
  public List<ObjectEntry> list(String prefix) throws IOException {
    requireNonNull(prefix, "prefix is null");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    // walk only the deepest directory the prefix names completely
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<ObjectEntry> entries = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(start)) {
      paths.forEach(
          path -> {
            String key = root.relativize(path).toString().replace('\\', '/');
            if (!key.startsWith(prefix)
                || path.getFileName().toString().startsWith(TEMPORARY_PREFIX)) {
              return;
            }
            try {
              BasicFileAttributes attributes =
                  Files.readAttributes(path, BasicFileAttributes.class);
              if (attributes.isRegularFile()) {
                entries.add(
                    new ObjectEntry(
                        key, attributes.size(), attributes.lastModifiedTime().toInstant()));
              }
            } catch (NoSuchFileException e) {
              // deleted while listing: not part of the listing
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    entries.sort(Comparator.comparing(ObjectEntry::key));
    return entries;
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(path(key));
  }

  private Path path(String key) {
    Keys.check(key);
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("Invalid object key: '" + key + "' leaves " + root);
    }
    return path;
  }

  private static Path writeTemporary(Path target, byte[] data) throws IOException {
    requireNonNull(data, "data is null");
    Files.createDirectories(target.getParent());
    Path temporary = target.resolveSibling(TEMPORARY_PREFIX + UUID.randomUUID());
    Files.write(temporary, data);
    return temporary;
  }
}
