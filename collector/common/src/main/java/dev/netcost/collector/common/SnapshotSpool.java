package dev.netcost.collector.common;

import static java.util.Objects.requireNonNull;

import dev.netcost.store.Keys;
import dev.netcost.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A durable local spool in front of an object store: {@link #publish} makes the snapshot durable
 * under {@code outbox/<key>} (fsync + atomic rename) and returns; an uploader thread then sends
 * every spooled snapshot to the store with create-exclusive semantics ({@link StoreSnapshotSink})
 * and deletes it locally only after the store has it. A retried upload of the same key finds the
 * object already there with the same bytes and counts as success, so a crash between "uploaded" and
 * "deleted" never creates a second object.
 *
 * <p>Store failures are retried forever with exponential backoff and jitter. The spool has a size
 * cap: when a new snapshot would exceed it, the oldest spooled snapshots (by publish time, then
 * key) are deleted, logged and counted ({@code netcost_spool_dropped_*}); nothing is dropped
 * silently. A snapshot whose key already holds different bytes in the store is a conflict: it is
 * moved to {@code conflict/<key>}, logged and counted, and never overwrites the stored object.
 */
public final class SnapshotSpool implements SnapshotSink, AutoCloseable {
  private static final Logger LOG = System.getLogger(SnapshotSpool.class.getName());

  private final Path outbox;
  private final Path conflicts;
  private final SnapshotSink store;
  private final String storeName;
  private final long capBytes;
  private final Backoff backoff;
  private final Object monitor = new Object();
  private final Metrics.Counter uploadsOk;
  private final Metrics.Counter uploadsFailed;
  private final Metrics.Counter droppedFiles;
  private final Metrics.Counter droppedBytes;
  private final Metrics.Counter conflictsCounter;
  private Thread uploader;
  private volatile boolean closed;
  private volatile String lastUploadError = "";

  public SnapshotSpool(
      Path directory, ObjectStore store, long capBytes, Backoff backoff, Metrics metrics)
      throws IOException {
    requireNonNull(directory, "directory is null");
    requireNonNull(store, "store is null");
    requireNonNull(metrics, "metrics is null");
    if (capBytes <= 0) {
      throw new IllegalArgumentException("spool cap must be positive: " + capBytes + " bytes");
    }
    this.outbox = directory.toAbsolutePath().resolve("outbox");
    this.conflicts = directory.toAbsolutePath().resolve("conflict");
    this.store = new StoreSnapshotSink(store);
    this.storeName = store.root().toString();
    this.capBytes = capBytes;
    this.backoff = requireNonNull(backoff, "backoff is null");
    Files.createDirectories(outbox);
    removeTemporaries();
    uploadsOk = metrics.counter("netcost_uploads_total", "Snapshot uploads", "result", "ok");
    uploadsFailed =
        metrics.counter("netcost_uploads_total", "Snapshot uploads", "result", "failed");
    droppedFiles =
        metrics.counter(
            "netcost_spool_dropped_snapshots_total",
            "Spooled snapshots deleted unsent because the spool reached its size cap");
    droppedBytes =
        metrics.counter(
            "netcost_spool_dropped_bytes_total",
            "Bytes of spooled snapshots deleted unsent because the spool reached its size cap");
    conflictsCounter =
        metrics.counter(
            "netcost_upload_conflicts_total",
            "Snapshots whose key already held different bytes in the store");
    metrics.gauge("netcost_spool_bytes", "Bytes waiting in the spool", this::spoolBytes);
    metrics.gauge(
        "netcost_spool_snapshots", "Snapshots waiting in the spool", () -> pendingSafely().size());
  }

  /** Starts the background uploader. */
  public synchronized void start() {
    if (uploader != null) {
      return;
    }
    uploader = new Thread(this::uploadLoop, "snapshot-uploader");
    uploader.setDaemon(true);
    uploader.start();
  }

  @Override
  public void publish(String key, byte[] snapshot) throws IOException {
    Keys.check(key);
    requireNonNull(snapshot, "snapshot is null");
    if (snapshot.length > capBytes) {
      droppedFiles.increment();
      droppedBytes.add(snapshot.length);
      LOG.log(
          Level.ERROR,
          "Dropping snapshot {0} ({1} bytes): larger than the whole spool cap of {2} bytes",
          key,
          snapshot.length,
          capBytes);
      return;
    }
    synchronized (monitor) {
      Path target = outbox.resolve(key);
      if (Files.exists(target)) {
        if (Arrays.equals(Files.readAllBytes(target), snapshot)) {
          return; // republished after a restart: already spooled
        }
        throw new IOException(
            "Spool conflict: " + target + " already holds a different snapshot for " + key);
      }
      makeRoom(snapshot.length);
      DurableFiles.write(target, snapshot);
      monitor.notifyAll();
    }
  }

  /**
   * Uploads every spooled snapshot once, in order, stopping at the first store failure. Returns the
   * number uploaded. The background thread calls this in a loop; tests and shutdown call it
   * directly.
   */
  public int uploadPending() {
    int uploaded = 0;
    for (Path file : pendingSafely()) {
      String key = outbox.relativize(file).toString().replace('\\', '/');
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        continue; // dropped by the cap meanwhile
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read spooled snapshot " + file, e);
      }
      try {
        store.publish(key, bytes);
      } catch (SnapshotConflictException e) {
        quarantine(file, key, e);
        continue;
      } catch (IOException e) {
        uploadsFailed.increment();
        lastUploadError = key + ": " + e;
        LOG.log(Level.WARNING, "Upload of {0} to {1} failed: {2}", key, storeName, e.toString());
        return uploaded;
      } catch (RuntimeException e) {
        uploadsFailed.increment();
        lastUploadError = key + ": " + e;
        LOG.log(Level.WARNING, "Upload of {0} to {1} failed: {2}", key, storeName, e.toString());
        return uploaded;
      }
      uploadsOk.increment();
      lastUploadError = "";
      synchronized (monitor) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot delete uploaded snapshot " + file, e);
        }
      }
      uploaded++;
    }
    return uploaded;
  }

  /** Bytes currently spooled. */
  public long spoolBytes() {
    long total = 0;
    for (Path file : pendingSafely()) {
      try {
        total += Files.size(file);
      } catch (IOException e) {
        // deleted meanwhile
      }
    }
    return total;
  }

  /** Keys currently spooled, oldest first. */
  public List<String> pendingKeys() {
    List<String> keys = new ArrayList<>();
    for (Path file : pendingSafely()) {
      keys.add(outbox.relativize(file).toString().replace('\\', '/'));
    }
    return keys;
  }

  /** The error of the last failed upload, empty after a success. */
  public String lastUploadError() {
    return lastUploadError;
  }

  /**
   * Stops the uploader and makes one last upload attempt within {@code timeout}; what is not
   * uploaded stays spooled for the next start.
   */
  public void close(Duration timeout) {
    closed = true;
    Thread thread;
    synchronized (this) {
      thread = uploader;
    }
    if (thread != null) {
      synchronized (monitor) {
        monitor.notifyAll();
      }
      try {
        thread.join(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        thread.interrupt();
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private void uploadLoop() {
    while (!closed) {
      boolean empty;
      try {
        int before = pendingSafely().size();
        int uploaded = uploadPending();
        empty = uploaded == before;
        if (empty) {
          backoff.reset();
        }
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "Uploader error: " + e, e);
        empty = false;
      }
      long waitMillis = empty ? 1000 : backoff.nextDelay().toMillis();
      synchronized (monitor) {
        if (closed) {
          break;
        }
        try {
          if (empty) {
            monitor.wait(waitMillis);
          } else {
            // a backoff wait is not cut short by new snapshots, only by close
            long deadline = System.nanoTime() + waitMillis * 1_000_000;
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
              monitor.wait(Math.max(1, left / 1_000_000));
            }
          }
        } catch (InterruptedException e) {
          return;
        }
      }
    }
    // final attempt on shutdown
    try {
      uploadPending();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "Final upload attempt failed: " + e, e);
    }
  }

  private void makeRoom(long incoming) throws IOException {
    List<Path> pending = pending();
    long total = 0;
    for (Path file : pending) {
      total += Files.size(file);
    }
    for (Path oldest : pending) {
      if (total + incoming <= capBytes) {
        break;
      }
      long size = Files.size(oldest);
      Files.deleteIfExists(oldest);
      total -= size;
      droppedFiles.increment();
      droppedBytes.add(size);
      LOG.log(
          Level.ERROR,
          "Spool cap of {0} bytes reached: dropped the oldest unsent snapshot {1} ({2} bytes)",
          capBytes,
          outbox.relativize(oldest),
          size);
    }
  }

  private void quarantine(Path file, String key, IOException cause) {
    conflictsCounter.increment();
    Path target = conflicts.resolve(key);
    LOG.log(
        Level.ERROR,
        "{0}; keeping the local copy at {1} and not retrying",
        cause.getMessage(),
        target);
    synchronized (monitor) {
      try {
        Files.createDirectories(target.getParent());
        Files.move(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot move conflicting snapshot " + file, e);
      }
    }
  }

  private List<Path> pendingSafely() {
    try {
      return pending();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list spool " + outbox, e);
    }
  }

  private List<Path> pending() throws IOException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(outbox)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(outbox)) {
      paths
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith(DurableFiles.TEMPORARY_PREFIX))
          .forEach(files::add);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        return pending(); // a directory vanished while walking; list again
      }
      throw e;
    }
    List<Object[]> keyed = new ArrayList<>(files.size());
    for (Path file : files) {
      FileTime time;
      try {
        time = Files.getLastModifiedTime(file);
      } catch (NoSuchFileException e) {
        continue;
      }
      keyed.add(new Object[] {time, file});
    }
    keyed.sort(
        Comparator.comparing((Object[] o) -> (FileTime) o[0])
            .thenComparing(o -> ((Path) o[1]).toString()));
    List<Path> sorted = new ArrayList<>(keyed.size());
    for (Object[] o : keyed) {
      sorted.add((Path) o[1]);
    }
    return sorted;
  }

  private void removeTemporaries() throws IOException {
    try (Stream<Path> paths = Files.walk(outbox)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (path.getFileName().toString().startsWith(DurableFiles.TEMPORARY_PREFIX)) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
